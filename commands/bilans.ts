import { z } from "zod";
import { dueCard } from "../src/cards/mesure.ts";
import { presentation } from "../src/cards/presentation.ts";
import { defineCommand } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";

/** Bilans, slide decisions and follow-ups due in the next N days, and those overdue. */
export default defineCommand({
  name: "bilans",
  options: z.object({ jours: opt.integer(1, 730).default(30) }),
  roles: ["ccas", "admin"],
  async run(ctx, { jours }) {
    const items = await ctx.services.mesures.due(ctx.territory, jours);
    return dueCard(items, jours, presentation(ctx));
  },
});
