import { z } from "zod";
import { actionEvent } from "../src/cards/case-events.ts";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { card } from "../src/core/card.ts";
import { defineCommand, defineGroup } from "../src/core/command.ts";
import { opt } from "../src/core/options.ts";
import { ANY_ROLE } from "../src/core/roles.ts";
import { refreshSituationCard } from "./situation.ts";

/** Actions agreed by the comité: done by their owner, reassigned by an admin. */
export default defineGroup("action", [
  defineCommand({
    name: "fait",
    options: z.object({ numero: opt.integer(1, 1_000_000) }),
    roles: ANY_ROLE,
    async run(ctx, { numero }) {
      const view = await ctx.services.situations.completeAction(actorOf(ctx), numero, ctx.member.roles.has("admin"));
      await refreshSituationCard(ctx, view, actionEvent(view, numero, "done", presentation(ctx)));
      return card(ctx.t("commands:action.done", { number: numero, ref: view.reference }), { tone: "success" });
    },
  }),
  defineCommand({
    name: "reassigner",
    options: z.object({ numero: opt.integer(1, 1_000_000), responsable: opt.ref("member", 100) }),
    roles: ["admin"],
    async run(ctx, { numero, responsable }) {
      const view = await ctx.services.situations.reassignAction(actorOf(ctx), numero, responsable);
      await refreshSituationCard(ctx, view, actionEvent(view, numero, "reassigned", presentation(ctx)));
      return card(ctx.t("commands:action.reassigned", { number: numero, ref: view.reference }), { tone: "success" });
    },
  }),
]);
