import { z } from "zod";
import { homeCard } from "../src/cards/home.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { defineCommand } from "../src/core/command.ts";

/** What waits on me: échéances of the mesures I follow, my actions, claims waiting on me. */
export default defineCommand({
  name: "moi",
  options: z.object({}),
  roles: "everyone",
  async run(ctx) {
    const view = await ctx.services.home.agenda(actorOf(ctx), ctx.member.roles.has("finance"));
    return homeCard(view, presentation(ctx));
  },
});
