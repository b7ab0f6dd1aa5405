import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { auditCard } from "../src/cards/reports.ts";
import { defineCommand } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";

/** Who saw or changed what about a household, and when (administrators). */
export default defineCommand({
  name: "audit",
  options: z.object({ ref: opt.ref("household", 20) }),
  roles: ["admin"],
  async run(ctx, { ref }) {
    return auditCard(ref.toUpperCase(), await ctx.services.rgpd.auditFor(actorOf(ctx), ref), presentation(ctx));
  },
});
