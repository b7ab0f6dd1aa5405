import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { claimStepEvent } from "../src/cards/case-events.ts";
import { claimCard, claimChannelCard, claimListCard } from "../src/cards/securisation.ts";
import { securisationYearCard } from "../src/cards/securisation-year.ts";
import type { Card } from "../src/core/card.ts";
import { followCase } from "../src/core/case-thread.ts";
import {
  type Announced,
  type Announcement,
  defineCommand,
  defineGroup,
  type CommandContext,
} from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { opt } from "../src/core/options.ts";
import { todayIn, yearOf } from "../src/domain/calendar.ts";
import { CLAIM_CATEGORIES, CLAIM_STATUSES } from "../src/domain/vocabulary.ts";
import type { ClaimView } from "../src/services/claim-view.ts";

const ref = () => opt.ref("claim");

/** What a claim may carry besides its category and amount: every field of a draft is optional. */
const facts = {
  menage: opt.ref("household", 20).optional(),
  logement: opt.text(40).optional(),
  du: opt.date().optional(),
  au: opt.date().optional(),
  loyer: opt.money().optional(),
  aide_refusee: opt.boolean().optional(),
  aide: opt.text(200).optional(),
  lien: opt.choice(["dette_locative", "expulsion"]).optional(),
  nature: opt.choice(["huissier", "avocat"]).optional(),
  exceptionnel: opt.boolean().optional(),
  justification: opt.longText(600).optional(),
};

/** A period typed backwards is refused at once, next to the field in a form. */
function periodInOrder(options: { du?: string | undefined; au?: string | undefined }): void {
  if (options.du && options.au && options.au < options.du)
    throw new UserError("end_before_start", { option: "au", startDate: options.du, endDate: options.au });
}

/** Drops the options not given, so a completion only replaces what was typed. */
function given<T extends Record<string, unknown>>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** A submitted claim's card for the finance channel, planned with the submission. */
const forFinance = (ctx: CommandContext): Announcement<ClaimView> => ({
  purpose: "finance",
  render: (view) => claimChannelCard(view, presentation(ctx)),
});

/**
 * Sends the card the submission planned to the finance channel (once: the outbox links it to the
 * claim), where its later steps follow in its thread. Returns the member's card, saying so when
 * the posting is being checked.
 */
async function posted(ctx: CommandContext, { view, planned }: Announced<ClaimView>): Promise<Card> {
  const result = await ctx.sendPlanned(planned);
  const shown = claimCard(view, presentation(ctx));
  if (result.status !== "checking") return shown;
  return { ...shown, lines: [...(shown.lines ?? []), ctx.t("common:post_checking", { channel: result.channelId })] };
}

/** A claim's step: its card updated in the finance channel and the step told in its thread. */
async function step(ctx: CommandContext, view: ClaimView): Promise<Card> {
  const p = presentation(ctx);
  await followCase(ctx, view.message, claimChannelCard(view, p), claimStepEvent(view, p));
  return claimCard(view, p);
}

/** Claims to the regional sécurisation fund, from the draft to the last payment. */
export default defineGroup("securisation", [
  defineCommand({
    name: "declarer",
    form: true,
    options: z.object({ categorie: opt.choice(CLAIM_CATEGORIES), montant: opt.money(), ...facts }),
    roles: ["finance", "ccas"],
    check: periodInOrder,
    async run(ctx, { categorie, ...input }) {
      const declared = await ctx.services.claims.declare(actorOf(ctx), categorie, given(input), false, forFinance(ctx));
      return {
        ...(await posted(ctx, declared)),
        title: ctx.t("commands:securisation.declared", { ref: declared.view.reference }),
        tone: "success",
      };
    },
  }),
  defineCommand({
    name: "brouillon",
    form: true,
    options: z.object({ categorie: opt.choice(CLAIM_CATEGORIES), montant: opt.money().optional(), ...facts }),
    roles: ["finance", "ccas"],
    check: periodInOrder,
    async run(ctx, { categorie, ...input }) {
      const { view } = await ctx.services.claims.declare(actorOf(ctx), categorie, given(input), true);
      return {
        ...claimCard(view, presentation(ctx)),
        title: ctx.t("commands:securisation.drafted", { ref: view.reference }),
        tone: "info",
      };
    },
  }),
  defineCommand({
    name: "completer",
    form: true,
    options: z.object({ ref: ref(), montant: opt.money().optional(), ...facts }),
    roles: ["finance", "ccas"],
    check: periodInOrder,
    async run(ctx, { ref, ...input }) {
      return claimCard(await ctx.services.claims.complete(actorOf(ctx), ref, given(input)), presentation(ctx));
    },
  }),
  defineCommand({
    name: "soumettre",
    options: z.object({ ref: ref() }),
    roles: ["finance", "ccas"],
    async run(ctx, { ref }) {
      return posted(ctx, await ctx.services.claims.submit(actorOf(ctx), ref, forFinance(ctx)));
    },
  }),
  defineCommand({
    name: "instruire",
    options: z.object({ ref: ref(), date: opt.date().optional() }),
    roles: ["finance"],
    async run(ctx, { ref, date }) {
      return step(ctx, await ctx.services.claimSteps.decide(actorOf(ctx), ref, { to: "en_instruction" }, date));
    },
  }),
  defineCommand({
    name: "incomplete",
    // The date comes before the free text, which takes the rest of the line.
    options: z.object({ ref: ref(), date: opt.date().optional(), manque: opt.text(300, 3) }),
    roles: ["finance"],
    async run(ctx, { ref, manque, date }) {
      return step(
        ctx,
        await ctx.services.claimSteps.decide(actorOf(ctx), ref, { to: "incomplete", missing: manque }, date),
      );
    },
  }),
  defineCommand({
    name: "accepter",
    options: z.object({ ref: ref(), montant: opt.money(), date: opt.date().optional() }),
    roles: ["finance"],
    async run(ctx, { ref, montant, date }) {
      return step(
        ctx,
        await ctx.services.claimSteps.decide(actorOf(ctx), ref, { to: "acceptee", cents: montant }, date),
      );
    },
  }),
  defineCommand({
    name: "rejeter",
    options: z.object({ ref: ref(), date: opt.date().optional(), motif: opt.text(300, 3) }),
    roles: ["finance"],
    async run(ctx, { ref, motif, date }) {
      return step(ctx, await ctx.services.claimSteps.decide(actorOf(ctx), ref, { to: "rejetee", reason: motif }, date));
    },
  }),
  defineCommand({
    name: "payer",
    options: z.object({ ref: ref(), montant: opt.money(), reference: opt.text(60, 2), date: opt.date().optional() }),
    roles: ["finance"],
    async run(ctx, { ref, montant, reference, date }) {
      const view = await ctx.services.claimSteps.pay(actorOf(ctx), ref, {
        cents: montant,
        reference,
        ...(date ? { date } : {}),
      });
      return step(ctx, view);
    },
  }),
  defineCommand({
    name: "liste",
    options: z.object({ statut: opt.choice(CLAIM_STATUSES).optional() }),
    roles: ["finance", "ccas"],
    async run(ctx, { statut }) {
      return claimListCard(
        await ctx.services.claims.list(actorOf(ctx), statut ? [statut] : undefined),
        presentation(ctx),
      );
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
  defineCommand({
    name: "bilan",
    options: z.object({ annee: opt.integer(2000, 2100).optional() }),
    roles: ["finance", "ccas", "admin"],
    async run(ctx, { annee }) {
      const year = annee ?? yearOf(todayIn(ctx.territory.timezone, ctx.clock.now()));
      const totals = await ctx.services.securisationYear.totals(ctx.territory.id, year, ctx.territory.timezone);
      return securisationYearCard(totals, presentation(ctx));
    },
  }),
]);
