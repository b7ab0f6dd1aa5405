import { z } from "zod";
import { candidatureChannelCard } from "../src/cards/candidature.ts";
import { mesureOpenedEvent } from "../src/cards/case-events.ts";
import { followCase } from "../src/core/case-thread.ts";
import { mesureCard } from "../src/cards/mesure.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { FIN_REASONS, PARCS } from "../src/domain/vocabulary.ts";

/** Mesures: opened when a validated household moves in, followed until the lease slides. */
export default defineGroup("mesure", [
  defineCommand({
    name: "ouvrir",
    options: z.object({
      candidature: opt.ref("candidature"),
      entree: opt.date().optional(),
      bailleur: opt.text(80),
      parc: opt.choice(PARCS),
      proprietaire: opt.text(20).optional(),
    }),
    roles: ["ccas"],
    async run(ctx, options) {
      const view = await ctx.services.mesures.open(actorOf(ctx), options);
      // The candidature's card now names its mesure; its thread says when the household moved in.
      const candidature = await ctx.services.candidatures.current(ctx.territory.id, view.candidatureRef);
      const p = presentation(ctx);
      await followCase(ctx, candidature.message, candidatureChannelCard(candidature, p), mesureOpenedEvent(view, p));
      const result = mesureCard(view, p);
      return {
        ...result,
        title: ctx.t("commands:mesure.opened", { ref: view.reference, household: view.householdRef }),
        tone: "success",
      };
    },
  }),
  defineCommand({
    name: "terminer",
    options: z.object({
      mesure: opt.ref("mesure"),
      raison: opt.choice(FIN_REASONS),
      date: opt.date().optional(),
      motif: opt.text(300).optional(),
    }),
    roles: ["ccas"],
    async run(ctx, options) {
      const view = await ctx.services.bilans.end(actorOf(ctx), options);
      return {
        ...mesureCard(view, presentation(ctx)),
        title: ctx.t("commands:mesure.ended", {
          ref: view.reference,
          reason: ctx.t(`common:end_reason.${options.raison}`),
        }),
        tone: "success",
      };
    },
  }),
  defineCommand({
    name: "voir",
    options: z.object({ ref: opt.ref("mesure") }),
    roles: ["ccas"],
    async run(ctx, { ref }) {
      return mesureCard(await ctx.services.mesures.read(actorOf(ctx), ref), presentation(ctx));
    },
  }),
]);
