import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { claimCard } from "../src/cards/securisation.ts";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { opt } from "../src/core/options.ts";
import { missingForCategory } from "../src/domain/securisation.ts";
import { CLAIM_CATEGORIES, CLAIM_STATUSES } from "../src/domain/vocabulary.ts";

const ref = () => opt.ref("claim");

/** Claims to the regional sécurisation fund, from declaration to payment. */
export default defineGroup("securisation", [
  defineCommand({
    name: "declarer",
    form: true,
    options: z.object({
      categorie: opt.choice(CLAIM_CATEGORIES),
      montant: opt.money(),
      menage: opt.ref("household", 20).optional(),
      logement: opt.text(40).optional(),
      du: opt.date().optional(),
      au: opt.date().optional(),
      loyer: opt.money().optional(),
      aide_refusee: opt.boolean().optional(),
      aide: opt.text(200).optional(),
      lien: opt.choice(["dette_locative", "expulsion"]).optional(),
      justification: opt.longText(600).optional(),
    }),
    roles: ["finance", "ccas"],
    check(options) {
      const missing = missingForCategory(options.categorie, options);
      if (missing === "aide_refusee" && options.aide_refusee === false)
        throw new UserError("aid_not_refused", { option: "aide_refusee" });
      if (missing)
        throw new UserError("claim_field_required", {
          option: missing,
          category: `$t(common:claim_category.${options.categorie})`,
        });
      if (options.du && options.au && options.au < options.du)
        throw new UserError("end_before_start", { option: "au", start: options.du, end: options.au });
    },
    async run(ctx, options) {
      const view = await ctx.services.claims.declare(actorOf(ctx), options);
      const result = claimCard(view, presentation(ctx));
      return {
        ...result,
        title: ctx.t("commands:securisation.declared", { ref: view.reference }),
        tone: view.outsideRules ? "warning" : "success",
      };
    },
  }),
  defineCommand({
    name: "instruire",
    options: z.object({ ref: ref() }),
    roles: ["finance"],
    async run(ctx, { ref }) {
      return claimCard(await ctx.services.claims.move(actorOf(ctx), ref, "en_instruction", {}), presentation(ctx));
    },
  }),
  defineCommand({
    name: "incomplete",
    options: z.object({ ref: ref(), manque: opt.text(300, 3) }),
    roles: ["finance"],
    async run(ctx, { ref, manque }) {
      return claimCard(
        await ctx.services.claims.move(actorOf(ctx), ref, "incomplete", { missing: manque }),
        presentation(ctx),
      );
    },
  }),
  defineCommand({
    name: "accepter",
    options: z.object({ ref: ref(), montant: opt.money() }),
    roles: ["finance"],
    async run(ctx, { ref, montant }) {
      return claimCard(
        await ctx.services.claims.move(actorOf(ctx), ref, "acceptee", { cents: montant }),
        presentation(ctx),
      );
    },
  }),
  defineCommand({
    name: "rejeter",
    options: z.object({ ref: ref(), motif: opt.text(300, 3) }),
    roles: ["finance"],
    async run(ctx, { ref, motif }) {
      return claimCard(
        await ctx.services.claims.move(actorOf(ctx), ref, "rejetee", { reason: motif }),
        presentation(ctx),
      );
    },
  }),
  defineCommand({
    name: "payer",
    options: z.object({ ref: ref(), montant: opt.money(), date: opt.date().optional() }),
    roles: ["finance"],
    async run(ctx, { ref, montant, date }) {
      return claimCard(
        await ctx.services.claims.move(actorOf(ctx), ref, "payee", { cents: montant, ...(date ? { date } : {}) }),
        presentation(ctx),
      );
    },
  }),
  defineCommand({
    name: "liste",
    options: z.object({ statut: opt.choice(CLAIM_STATUSES).optional() }),
    roles: ["finance", "ccas"],
    async run(ctx, { statut }) {
      const { t } = ctx;
      const views = await ctx.services.claims.list(actorOf(ctx), statut ? [statut] : undefined);
      if (views.length === 0)
        return card(t("commands:securisation.list_title"), { lines: [t("commands:securisation.list_empty")] });
      return card(t("commands:securisation.list_title"), {
        lines: views.map(
          (v) =>
            `${v.reference} — ${t(`common:claim_category.${v.category}`)} — ${t(`common:claim_status.${v.status}`)}${v.outsideRules ? " ⚠" : ""}`,
        ),
      });
    },
  }),
  defineCommand({
    name: "voir",
    options: z.object({ ref: ref() }),
    roles: ["finance", "ccas"],
    async run(ctx, { ref }) {
      return claimCard(await ctx.services.claims.get(actorOf(ctx), ref), presentation(ctx));
    },
  }),
]);
