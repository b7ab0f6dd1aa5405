import type { Clock } from "../core/clock.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction } from "../db/repositories/index.ts";
import type { ClaimChange } from "../db/repositories/securisation.ts";
import { todayIn, type IsoDate } from "../domain/calendar.ts";
import { acceptanceRule, moveRule, paymentRule, stepDateRule } from "../domain/claim-life.ts";
import { type ClaimView, lastStepDate, loadClaimView, lockClaim, orRefuse } from "./claim-view.ts";
import type { Actor } from "./types.ts";

export type ClaimDecision =
  | { to: "en_instruction" }
  | { to: "incomplete"; missing: string }
  | { to: "rejetee"; reason: string }
  | { to: "acceptee"; cents: number };

/**
 * The fund's answers to a submitted claim and its payments. Each runs in one transaction that
 * first locks the claim, so two finance leads recording at once are checked one after the other.
 */
export class ClaimStepService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /** Under review, incomplete (what is missing), rejected (why) or accepted (how much): dated, in order. */
  decide(actor: Actor, reference: string, decision: ClaimDecision, date?: IsoDate): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const record = await lockClaim(repos, actor.territoryId, reference);
      orRefuse(moveRule(record.reference, record.status, decision.to));
      const on = orRefuse(stepDateRule(date ?? today, lastStepDate(record), today));
      const data: ClaimChange = { status: decision.to, statusChangedAt: now };
      let note: string | null = null;
      if (decision.to === "incomplete") data.missing = note = decision.missing;
      if (decision.to === "en_instruction") data.missing = null;
      if (decision.to === "rejetee") data.rejectionReason = note = decision.reason;
      if (decision.to === "acceptee") {
        data.acceptedCents = orRefuse(acceptanceRule(record.reference, record.claimedCents ?? 0, decision.cents));
        data.acceptedOn = on;
      }
      await repos.claims.update(record.id, data);
      await repos.claims.addEvent({
        territoryId: actor.territoryId,
        claimId: record.id,
        fromStatus: record.status,
        toStatus: decision.to,
        date: on,
        note,
        actorId: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: `claim.${decision.to}`,
          subjectType: "claim",
          subjectRef: record.reference,
          details: { from: record.status, date: on, cents: decision.to === "acceptee" ? decision.cents : null },
        },
        now,
      );
      return loadClaimView(repos, actor.territoryId, record.reference);
    });
  }

  /**
   * One payment received from the fund: a row with its date, amount and reference. The claim is
   * "partiellement payée" until the payments add up to the accepted amount, then "payée".
   */
  pay(
    actor: Actor,
    reference: string,
    payment: { cents: number; reference: string; date?: IsoDate },
  ): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const record = await lockClaim(repos, actor.territoryId, reference);
      const on = payment.date ?? today;
      const result = orRefuse(
        paymentRule(
          record.reference,
          {
            status: record.status,
            acceptedCents: record.acceptedCents,
            acceptedOn: record.acceptedOn,
            paidCents: record.paidCents ?? 0,
          },
          { cents: payment.cents, date: on },
          today,
        ),
      );
      // The latest payment date is the claim's "paid on", whatever order they were typed in.
      const paidOn = record.paidOn && record.paidOn > on ? record.paidOn : on;
      await repos.claims.update(record.id, {
        status: result.status,
        statusChangedAt: result.status === record.status ? record.statusChangedAt : now,
        paidCents: result.paidCents,
        paidOn,
      });
      await repos.claims.addPayment({
        territoryId: actor.territoryId,
        claimId: record.id,
        date: on,
        amountCents: payment.cents,
        reference: payment.reference,
        recordedById: actor.memberId,
        createdAt: now,
      });
      if (result.status !== record.status)
        await repos.claims.addEvent({
          territoryId: actor.territoryId,
          claimId: record.id,
          fromStatus: record.status,
          toStatus: result.status,
          date: on,
          actorId: actor.memberId,
          createdAt: now,
        });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "claim.payment",
          subjectType: "claim",
          subjectRef: record.reference,
          details: { cents: payment.cents, date: on, reference: payment.reference, restCents: result.restCents },
        },
        now,
      );
      return loadClaimView(repos, actor.territoryId, record.reference);
    });
  }
}
