import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { activityCard } from "../src/cards/reports.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { todayIn, yearOf } from "../src/domain/calendar.ts";

/** Reports for funders and the steering committee. */
export default defineGroup(
  "rapport",
  [
    defineCommand({
      name: "activite",
      options: z.object({ annee: opt.integer(2000, 2100).optional(), dispositif: opt.ref("dispositif").optional() }),
      roles: ["ccas", "admin"],
      async run(ctx, { annee, dispositif }) {
        const year = annee ?? yearOf(todayIn(ctx.territory.timezone, ctx.clock.now()));
        const { report, dispositif: name } = await ctx.services.reports.activity(actorOf(ctx), year, dispositif);
        return activityCard(report, name ?? ctx.t("reports:activity.all"), presentation(ctx));
      },
    }),
  ],
  { defaultSubcommand: "activite" },
);
