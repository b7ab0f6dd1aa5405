import { z } from "zod";
import { mesureCard } from "../src/cards/mesure.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { ficheCard } from "../src/cards/reports.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { BARRIERS, BILAN_CONDITIONS, BILAN_ISSUES, FIN_REASONS } from "../src/domain/vocabulary.ts";

/** Bilans of a mesure (6 and 10 months, the slide decision) and the follow-up reviews. */
export default defineGroup("bilan", [
  defineCommand({
    name: "enregistrer",
    options: z.object({
      mesure: opt.ref("mesure"),
      issue: opt.choice(BILAN_ISSUES),
      loyer: opt.choice(BILAN_CONDITIONS).optional(),
      stabilite: opt.choice(BILAN_CONDITIONS).optional(),
      raison: opt.choice(FIN_REASONS).optional(),
      date: opt.date().optional(),
      effet: opt.date().optional(),
      freins: opt.choices(BARRIERS).optional(),
      bailleur: opt.boolean().optional(),
      menage: opt.boolean().optional(),
      travailleur: opt.boolean().optional(),
      loyer_remarque: opt.text(200).optional(),
      stabilite_remarque: opt.text(200).optional(),
      travail: opt.text(300).optional(),
      motif: opt.text(300).optional(),
    }),
    roles: ["ccas"],
    async run(ctx, options) {
      const view = await ctx.services.bilans.record(actorOf(ctx), options);
      const key = view.status === "active" ? "commands:bilan.recorded_active" : "commands:bilan.recorded_ended";
      return {
        ...mesureCard(view, presentation(ctx)),
        title: ctx.t(key, { ref: view.reference, issue: ctx.t(`common:bilan_outcome.${options.issue}`) }),
        tone: "success",
      };
    },
  }),
  defineCommand({
    name: "suivi",
    options: z.object({ mesure: opt.ref("mesure"), date: opt.date().optional(), note: opt.text(300).optional() }),
    roles: ["ccas"],
    async run(ctx, { mesure, date, note }) {
      const view = await ctx.services.bilans.recordSuivi(actorOf(ctx), mesure, date, note);
      return {
        ...mesureCard(view, presentation(ctx)),
        title: ctx.t("commands:bilan.suivi_recorded", { ref: view.reference }),
        tone: "success",
      };
    },
  }),
  defineCommand({
    name: "fiche",
    options: z.object({ mesure: opt.ref("mesure"), date: opt.date().optional() }),
    roles: ["ccas"],
    async run(ctx, { mesure, date }) {
      return ficheCard(await ctx.services.reports.fiche(actorOf(ctx), mesure, date), presentation(ctx));
    },
  }),
]);
