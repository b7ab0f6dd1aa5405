import type { IsoDate } from "./calendar.ts";
import { notInFuture, type Refusal, type RuleOutcome } from "./claim-rules.ts";
import { canMove, type ClaimStatus } from "./securisation.ts";

/**
 * A claim's life after submission, to the cent: every step is dated on or after the step before
 * it and never in the future; an accepted amount never exceeds the claimed one; payments add up
 * to the accepted amount, never beyond, never before the acceptance.
 */
const refuse = (rule: string, context: Record<string, string | number> = {}): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal: { rule, context },
});

/** A step's date: on or after the claim's last dated step, and not after today. */
export function stepDateRule(date: IsoDate, lastStepDate: IsoDate | null, today: IsoDate): RuleOutcome<IsoDate> {
  const future = notInFuture(date, today);
  if (future) return future;
  if (lastStepDate && date < lastStepDate) return refuse("step_before_previous", { date, previousDate: lastStepDate });
  return { ok: true, value: date };
}

/** A move along the fund's process, refused when the state does not allow it. */
export function moveRule(reference: string, from: ClaimStatus, to: ClaimStatus): RuleOutcome<ClaimStatus> {
  return canMove(from, to) ? { ok: true, value: to } : refuse("claim_bad_transition", { ref: reference, from, to });
}

/** The fund accepts all or part of what was claimed: more than 0, never more than claimed. */
export function acceptanceRule(reference: string, claimedCents: number, acceptedCents: number): RuleOutcome<number> {
  if (acceptedCents > claimedCents) return refuse("accepted_above_claimed", { ref: reference, claimedCents });
  return { ok: true, value: acceptedCents };
}

export interface PaymentState {
  status: ClaimStatus;
  acceptedCents: number | null;
  acceptedOn: IsoDate | null;
  paidCents: number;
}

/** What is still due on an accepted claim (null before acceptance). */
export function restDue(claim: { acceptedCents: number | null; paidCents: number | null }): number | null {
  return claim.acceptedCents === null ? null : claim.acceptedCents - (claim.paidCents ?? 0);
}

/**
 * One payment from the fund. Refused before the acceptance (by state or by date), in the future,
 * or above what is still due; otherwise the claim is "partiellement payée" until the payments
 * add up to the accepted amount, then "payée".
 */
export function paymentRule(
  reference: string,
  claim: PaymentState,
  payment: { cents: number; date: IsoDate },
  today: IsoDate,
): RuleOutcome<{ status: ClaimStatus; paidCents: number; restCents: number }> {
  if (claim.status !== "acceptee" && claim.status !== "partiellement_payee")
    return refuse("payment_before_acceptance", { ref: reference, status: claim.status });
  const accepted = claim.acceptedCents ?? 0;
  const future = notInFuture(payment.date, today);
  if (future) return future;
  if (claim.acceptedOn && payment.date < claim.acceptedOn)
    return refuse("payment_dated_before_acceptance", {
      ref: reference,
      date: payment.date,
      acceptedDate: claim.acceptedOn,
    });
  const rest = accepted - claim.paidCents;
  if (payment.cents > rest)
    return refuse("payment_above_rest", { ref: reference, restCents: rest, acceptedCents: accepted });
  const paidCents = claim.paidCents + payment.cents;
  return {
    ok: true,
    value: {
      status: paidCents === accepted ? "payee" : "partiellement_payee",
      paidCents,
      restCents: accepted - paidCents,
    },
  };
}
