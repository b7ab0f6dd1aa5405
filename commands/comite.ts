import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { agendaCard } from "../src/cards/situation.ts";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { formatDate } from "../src/core/i18n.ts";
import { opt } from "../src/core/options.ts";

/** "14h", "14h30", "9:05", "14:00". */
const TIME = /^([01]?\d|2[0-3])(?:h|:)([0-5]\d)?$/i;

function normalizeTime(typed: string): string {
  const [, hours = "0", minutes = "00"] = TIME.exec(typed) ?? [];
  return `${hours.padStart(2, "0")}:${minutes}`;
}

/** The comité technique's meetings and agenda. */
export default defineGroup("comite", [
  defineCommand({
    name: "planifier",
    options: z.object({ date: opt.date(), heure: opt.text(5, 2).regex(TIME).optional() }),
    roles: ["comite", "admin"],
    async run(ctx, { date, heure }) {
      const time = heure ? normalizeTime(heure) : undefined;
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
