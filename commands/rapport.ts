import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { activityCard } from "../src/cards/reports.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { opt } from "../src/core/options.ts";
import { todayIn, yearOf } from "../src/domain/calendar.ts";

/** Reports for funders and the steering committee. */
export default defineGroup(
  "rapport",
  [
    defineCommand({
      name: "activite",
      options: z.object({
        annee: opt.integer(2000, 2100).optional(),
        dispositif: opt.ref("dispositif").optional(),
        canal: opt.boolean().optional(),
      }),
      roles: ["ccas", "admin"],
      async run(ctx, { annee, dispositif, canal }) {
        // Files go to the asker; to a channel only when asked, and only the one bound for the
        // scheme's coordination (ccas), so a report never lands in a partners' channel by mistake.
        if (canal) {
          const bound = await ctx.services.configuration.channelFor(ctx.territory.id, "ccas");
          if (bound !== ctx.channelId) throw new UserError(bound ? "report_wrong_channel" : "report_no_channel");
        }
        const year = annee ?? yearOf(todayIn(ctx.territory.timezone, ctx.clock.now()));
        const view = await ctx.services.reports.activity(actorOf(ctx), year, dispositif);
        return activityCard(view, view.dispositif ?? ctx.t("reports:activity.all"), presentation(ctx), canal === true);
      },
    }),
  ],
  { defaultSubcommand: "activite" },
);
