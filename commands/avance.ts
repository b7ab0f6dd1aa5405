import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { advanceCard } from "../src/cards/advances.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";

const ref = () => opt.ref("advance");

/** Treasury advances at 0% bridging a late subsidy, followed until repaid. */
export default defineGroup("avance", [
  defineCommand({
    name: "demander",
    options: z.object({
      montant: opt.money(),
      subvention: opt.text(120, 2),
      financeur: opt.text(80, 2),
      date_prevue: opt.date(),
      date: opt.date().optional(),
    }),
    roles: ["finance"],
    async run(ctx, options) {
      const view = await ctx.services.advances.request(actorOf(ctx), options);
      return {
        ...advanceCard(view, presentation(ctx)),
        title: ctx.t("commands:avance.requested", { ref: view.reference }),
        tone: "success",
      };
    },
  }),
  ...(["accorder", "verser"] as const).map((step) =>
    defineCommand({
      name: step,
      options: z.object({ ref: ref(), montant: opt.money().optional(), date: opt.date().optional() }),
      roles: ["finance"],
      async run(ctx, { ref, montant, date }) {
        const view = await ctx.services.advances.step(actorOf(ctx), ref, step, { cents: montant, date });
        return advanceCard(view, presentation(ctx));
      },
    }),
  ),
  defineCommand({
    name: "rembourser",
    options: z.object({ ref: ref(), montant: opt.money(), date: opt.date().optional() }),
    roles: ["finance"],
    async run(ctx, { ref, montant, date }) {
      const view = await ctx.services.advances.step(actorOf(ctx), ref, "rembourser", { cents: montant, date });
      return advanceCard(view, presentation(ctx));
    },
  }),
  defineCommand({
    name: "refuser",
    options: z.object({ ref: ref(), date: opt.date().optional(), motif: opt.text(300, 3) }),
    roles: ["finance"],
    async run(ctx, { ref, motif, date }) {
      const view = await ctx.services.advances.step(actorOf(ctx), ref, "refuser", { reason: motif, date });
      return advanceCard(view, presentation(ctx));
    },
  }),
  defineCommand({
    name: "voir",
    options: z.object({ ref: ref() }),
    roles: ["finance", "ccas"],
    async run(ctx, { ref }) {
      return advanceCard(await ctx.services.advances.get(actorOf(ctx), ref), presentation(ctx));
    },
  }),
]);
