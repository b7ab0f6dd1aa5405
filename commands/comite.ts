import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { agendaCard } from "../src/cards/situation.ts";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { formatDate } from "../src/core/i18n.ts";
import { opt } from "../src/core/options.ts";
import { normalizeTime } from "../src/domain/calendar.ts";

/** The comité technique's meetings and agenda. */
export default defineGroup("comite", [
  defineCommand({
    name: "planifier",
    options: z.object({ date: opt.date(), heure: opt.time().optional() }),
    roles: ["comite", "admin"],
    async run(ctx, { date, heure }) {
      const time = heure ? (normalizeTime(heure) ?? undefined) : undefined;
      const meeting = await ctx.services.comite.plan(actorOf(ctx), date, time);
      const when = meeting.time
        ? `${formatDate(meeting.date, ctx.locale)} ${meeting.time}`
        : formatDate(meeting.date, ctx.locale);
      return card(ctx.t("commands:comite.planned", { when }), { tone: "success" });
    },
  }),
  defineCommand({
    name: "ordre-du-jour",
    options: z.object({}),
    roles: ["comite", "ccas"],
    async run(ctx) {
      return agendaCard(await ctx.services.comite.agenda(actorOf(ctx)), presentation(ctx));
    },
  }),
]);
