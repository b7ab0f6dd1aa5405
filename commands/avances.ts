import { z } from "zod";
import { actorOf, presentation } from "../src/cards/presentation.ts";
import { pendingCard } from "../src/cards/advances.ts";
import { defineCommand } from "../src/core/command.ts";
import { AWAITING } from "../src/domain/securisation.ts";

/**
 * Everything still pending with the fund: advances not repaid with what is owed per funder, and
 * claims awaiting a decision or a payment.
 */
export default defineCommand({
  name: "avances",
  options: z.object({}),
  roles: ["finance", "ccas", "admin"],
  async run(ctx) {
    const actor = actorOf(ctx);
    const [{ advances, funders }, claims] = await Promise.all([
      ctx.services.advances.pending(actor),
      ctx.services.claims.list(actor, AWAITING),
    ]);
    return pendingCard(advances, funders, claims, presentation(ctx));
  },
});
