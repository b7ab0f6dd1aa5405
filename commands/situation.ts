import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { situationChannelCard, situationDetailCard } from "../src/cards/situation.ts";
import { actionEvent, situationClosedEvent, situationDecisionEvent } from "../src/cards/case-events.ts";
import { card, type Card } from "../src/core/card.ts";
import { followCase } from "../src/core/case-thread.ts";
import { defineCommand, defineGroup, type CommandContext } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { PRIVATE_OWNER_REF } from "../src/domain/landlord.ts";
import { SITUATION_CATEGORIES, SITUATION_OUTCOMES, URGENCIES } from "../src/domain/vocabulary.ts";
import type { SituationView } from "../src/services/situations.ts";

const HOUSEHOLD_OR_NEW = /^(M-\d{4}-\d{3,}|nouveau|new)$/i;

/** Re-renders the situation's card where it was posted, and tells the event in its thread. */
export async function refreshSituationCard(ctx: CommandContext, view: SituationView, event: Card): Promise<void> {
  await followCase(ctx, view.message, situationChannelCard(view, presentation(ctx)), event);
}

/** Complex household situations put before the comité technique. */
export default defineGroup("situation", [
  defineCommand({
    name: "ajouter",
    form: true,
    options: z.object({
      menage: opt.ref("household", 20).regex(HOUSEHOLD_OR_NEW),
      bailleur: opt.text(80),
      categorie: opt.choice(SITUATION_CATEGORIES),
      urgence: opt.choice(URGENCIES),
      resume: opt.longText(600, 10),
      proprietaire: opt.shapedText(20, PRIVATE_OWNER_REF, "private_owner_ref").optional(),
    }),
    roles: ["comite", "ccas"],
    async run(ctx, options) {
      // One card per situation, planned with it: the outbox links it to the situation once sent.
      const { view, planned } = await ctx.services.situations.add(actorOf(ctx), options, {
        purpose: "comite",
        render: (added) => situationChannelCard(added, presentation(ctx)),
      });
      const result = await ctx.sendPlanned(planned);
      let where = ctx.t("commands:situation.no_comite_channel");
      if (result.status === "posted") where = ctx.t("commands:situation.posted", { channel: result.message.channelId });
      else if (result.status === "checking") where = ctx.t("common:post_checking", { channel: result.channelId });
      else if (result.status === "failed")
        where = ctx.t("commands:situation.post_failed", { channel: result.channelId });
      return card(ctx.t("commands:situation.added", { ref: view.reference, household: view.householdRef }), {
        tone: "success",
        lines: [where],
      });
    },
  }),
  defineCommand({
    name: "decision",
    options: z.object({ ref: opt.ref("situation"), texte: opt.text(500, 3) }),
    roles: ["comite"],
    async run(ctx, { ref, texte }) {
      const view = await ctx.services.situations.decide(actorOf(ctx), ref, texte);
      await refreshSituationCard(ctx, view, situationDecisionEvent(view, presentation(ctx)));
      return card(ctx.t("commands:situation.decided", { ref: view.reference }), { tone: "success" });
    },
  }),
  defineCommand({
    name: "action",
    options: z.object({
      ref: opt.ref("situation"),
      texte: opt.text(300, 3),
      responsable: opt.ref("member", 100),
      echeance: opt.date(),
    }),
    roles: ["comite", "ccas"],
    async run(ctx, { ref, texte, responsable, echeance }) {
      const { view, number } = await ctx.services.situations.addAction(actorOf(ctx), ref, texte, responsable, echeance);
      await refreshSituationCard(ctx, view, actionEvent(view, number, "added", presentation(ctx)));
      return card(ctx.t("commands:situation.action_added", { ref: view.reference, number }), { tone: "success" });
    },
  }),
  defineCommand({
    name: "liste",
    options: z.object({ statut: opt.choice(["ouverte", "close"]).optional() }),
    roles: ["comite", "ccas"],
    async run(ctx, { statut }) {
      const { t } = ctx;
      const views = await ctx.services.situations.list(actorOf(ctx), statut);
      if (views.length === 0)
        return card(t("commands:situation.list_title"), { lines: [t("commands:situation.list_empty")] });
      return card(t("commands:situation.list_title"), {
        lines: views.map((v) =>
          t("commands:situation.list_line", {
            ref: v.reference,
            household: v.householdRef,
            urgency: t(`common:urgency.${v.urgency}`),
            status:
              v.status === "close"
                ? t(`common:situation_outcome.${v.outcome ?? "resolue"}`)
                : t(`cards:situation.waiting_${v.waiting}`),
          }),
        ),
      });
    },
  }),
  defineCommand({
    name: "voir",
    options: z.object({ ref: opt.ref("situation") }),
    roles: ["comite", "ccas"],
    async run(ctx, { ref }) {
      const { view, history } = await ctx.services.situations.read(actorOf(ctx), ref);
      return situationDetailCard(view, history, presentation(ctx));
    },
  }),
  defineCommand({
    name: "clore",
    options: z.object({
      ref: opt.ref("situation"),
      issue: opt.choice(SITUATION_OUTCOMES),
      avec_actions: opt.boolean().optional(),
    }),
    roles: ["comite", "ccas"],
    async run(ctx, { ref, issue, avec_actions }) {
      const view = await ctx.services.situations.close(actorOf(ctx), ref, issue, avec_actions === true);
      await refreshSituationCard(ctx, view, situationClosedEvent(view, presentation(ctx)));
      return card(
        ctx.t("commands:situation.closed", {
          ref: view.reference,
          outcome: ctx.t(`common:situation_outcome.${issue}`),
        }),
        { tone: "success" },
      );
    },
  }),
]);
