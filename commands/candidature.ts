import { z } from "zod";
import { candidatureChannelCard, candidatureDetailCard } from "../src/cards/candidature.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { candidatureDecidedEvent } from "../src/cards/case-events.ts";
import { card } from "../src/core/card.ts";
import { followCase } from "../src/core/case-thread.ts";
import {
  type Announcement,
  defineCommand,
  defineGroup,
  type CommandContext,
  type PlannedCard,
} from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { opt } from "../src/core/options.ts";
import { reasonMissing } from "../src/domain/candidature.ts";
import {
  CANDIDATURE_DECISIONS,
  CANDIDATURE_STATUSES,
  COMPOSITIONS,
  HEBERGEMENTS,
  PUBLICS,
  RESOURCE_BRACKETS,
} from "../src/domain/vocabulary.ts";
import type { CandidatureView } from "../src/services/candidatures.ts";

/** A pseudonymous reference, or "nouveau" for a new one: a name can never get in. */
const HOUSEHOLD_OR_NEW = /^(M-\d{4}-\d{3,}|nouveau|new)$/i;

/** The candidature's card for the SIAO channel, planned with the submission it shows. */
const forSiao = (ctx: CommandContext): Announcement<CandidatureView> => ({
  purpose: "siao",
  render: (view) => candidatureChannelCard(view, presentation(ctx)),
});

/**
 * Sends the card the submission planned to the SIAO channel (one card per submission; the outbox
 * links it to the candidature); says so in the reply, or that no channel is bound, or that the
 * post is being checked.
 */
async function postToSiao(ctx: CommandContext, planned: PlannedCard | null): Promise<string> {
  const result = await ctx.sendPlanned(planned);
  if (result.status === "unbound") return ctx.t("commands:candidature.no_siao_channel");
  if (result.status === "failed") return ctx.t("commands:candidature.post_failed", { channel: result.channelId });
  if (result.status === "checking") return ctx.t("common:post_checking", { channel: result.channelId });
  return ctx.t("commands:candidature.posted", { channel: result.message.channelId });
}

/** Candidatures for intermédiation locative: submitted by the CCAS, decided by the SIAO. */
export default defineGroup("candidature", [
  defineCommand({
    name: "deposer",
    form: true,
    options: z.object({
      menage: opt.ref("household", 20).regex(HOUSEHOLD_OR_NEW),
      dispositif: opt.ref("dispositif"),
      public: opt.choice(PUBLICS),
      hebergement: opt.choice(HEBERGEMENTS),
      ressources: opt.choice(RESOURCE_BRACKETS),
      budget: opt.boolean(),
      composition: opt.choice(COMPOSITIONS),
      note: opt.longText(500),
    }),
    roles: ["ccas"],
    async run(ctx, options) {
      const { view, planned } = await ctx.services.candidatures.submit(actorOf(ctx), options, forSiao(ctx));
      const where = await postToSiao(ctx, planned);
      return card(ctx.t("commands:candidature.submitted", { ref: view.reference, household: view.householdRef }), {
        tone: "success",
        lines: [where],
      });
    },
  }),
  defineCommand({
    name: "decider",
    options: z.object({
      ref: opt.ref("candidature"),
      decision: opt.choice(CANDIDATURE_DECISIONS),
      motif: opt.text(300).optional(),
    }),
    roles: ["siao"],
    // Checked before anything runs, so a form shows it on the reason field and stays open.
    check({ ref, decision, motif }) {
      if (reasonMissing(decision, motif))
        throw new UserError(decision === "refusee" ? "refusal_reason_required" : "adjournment_reason_required", {
          ref,
          option: "motif",
        });
    },
    async run(ctx, { ref, decision, motif }) {
      const view = await ctx.services.candidatures.decide(actorOf(ctx), ref, decision, motif);
      const p = presentation(ctx);
      await followCase(ctx, view.message, candidatureChannelCard(view, p), candidatureDecidedEvent(view, p));
      return card(
        ctx.t(`commands:candidature.decided_${decision}`, { ref: view.reference, household: view.householdRef }),
        { tone: "success" },
      );
    },
  }),
  defineCommand({
    name: "redeposer",
    options: z.object({ ref: opt.ref("candidature"), note: opt.longText(500).optional() }),
    roles: ["ccas"],
    async run(ctx, { ref, note }) {
      // A resubmitted candidature is new business for the commission: a fresh card with buttons.
      const { view, planned } = await ctx.services.candidatures.resubmit(actorOf(ctx), ref, note, forSiao(ctx));
      const where = await postToSiao(ctx, planned);
      return card(ctx.t("commands:candidature.resubmitted", { ref: view.reference }), {
        tone: "success",
        lines: [where],
      });
    },
  }),
  defineCommand({
    name: "liste",
    options: z.object({ statut: opt.choice(CANDIDATURE_STATUSES).optional() }),
    roles: ["ccas", "siao", "admin"],
    async run(ctx, { statut }) {
      const { t } = ctx;
      const views = await ctx.services.candidatures.list(ctx.territory.id, statut);
      const title = statut
        ? t("commands:candidature.list_title_status", { status: t(`common:candidature_status.${statut}`) })
        : t("commands:candidature.list_title");
      if (views.length === 0) return card(title, { lines: [t("commands:candidature.list_empty")] });
      return card(title, {
        lines: views.map(
          (v) =>
            `${v.reference} — ${v.householdRef} — ${v.dispositifCode} — ${t(`common:candidature_status.${v.status}`)}${v.mesureRef ? ` → ${v.mesureRef}` : ""}`,
        ),
      });
    },
  }),
  defineCommand({
    name: "voir",
    options: z.object({ ref: opt.ref("candidature") }),
    roles: ["ccas", "siao"],
    async run(ctx, { ref }) {
      return candidatureDetailCard(await ctx.services.candidatures.read(actorOf(ctx), ref), presentation(ctx));
    },
  }),
]);
