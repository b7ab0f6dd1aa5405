import { z } from "zod";
import { mesureCard } from "../src/cards/mesure.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { PARCS } from "../src/domain/vocabulary.ts";

/** Mesures: opened when a validated household moves in, followed until the lease slides. */
export default defineGroup("mesure", [
  defineCommand({
    name: "ouvrir",
    options: z.object({
      candidature: opt.ref("candidature"),
      entree: opt.date(),
      bailleur: opt.text(80),
      parc: opt.choice(PARCS),
    }),
    roles: ["ccas"],
    async run(ctx, options) {
      const view = await ctx.services.mesures.open(actorOf(ctx), options);
      const result = mesureCard(view, presentation(ctx));
      return {
        ...result,
        title: ctx.t("commands:mesure.opened", { ref: view.reference, household: view.householdRef }),
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
