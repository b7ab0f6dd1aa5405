import type { IsoDate } from "./calendar.ts";
import { notInFuture, type Refusal, type RuleOutcome } from "./claim-rules.ts";

/**
 * A treasury advance at 0%: requested → granted (or refused, with a reason) → disbursed → repaid,
 * in one or several repayments. Each step is dated on or after the one before it; what is owed
 * ("reste dû") exists only once money went out, and is what was disbursed minus what came back.
 */
export type AdvanceStatus = "demandee" | "accordee" | "versee" | "remboursee" | "refusee";
export type AdvanceStep = "accorder" | "refuser" | "verser" | "rembourser";
export const ADVANCE_PENDING: readonly AdvanceStatus[] = ["demandee", "accordee", "versee"];

export interface AdvanceState {
  status: AdvanceStatus;
  requestedCents: number;
  grantedCents: number | null;
  disbursedCents: number | null;
  repaidCents: number;
  /** The date of the last step (the request, at least). */
  lastStepDate: IsoDate;
}

export interface AdvanceChange {
  status: AdvanceStatus;
  grantedCents?: number;
  disbursedCents?: number;
  repaidCents?: number;
  /** The amount of the movement row this step writes. */
  movementCents: number;
}

const refuse = (rule: string, context: Record<string, string | number> = {}): { ok: false; refusal: Refusal } => ({
  ok: false,
  refusal: { rule, context },
});

/** The state each step starts from. */
const FROM: Record<AdvanceStep, AdvanceStatus> = {
  accorder: "demandee",
  refuser: "demandee",
  verser: "accordee",
  rembourser: "versee",
};

/** Still owed on an advance: null until it is disbursed, then disbursed minus repaid. */
export function advanceOutstanding(advance: {
  status: AdvanceStatus;
  disbursedCents: number | null;
  repaidCents: number;
}): number | null {
  if (advance.status !== "versee" && advance.status !== "remboursee") return null;
  return (advance.disbursedCents ?? 0) - advance.repaidCents;
}

/** Overdue: still pending when the subsidy it bridges was expected before today. */
export function advanceOverdue(
  advance: { status: AdvanceStatus; expectedPaymentDate: IsoDate },
  today: IsoDate,
): boolean {
  return ADVANCE_PENDING.includes(advance.status) && advance.expectedPaymentDate < today;
}

/** A request: the expected subsidy date cannot come before the request itself. */
export function advanceRequestRule(requestedOn: IsoDate, expected: IsoDate, today: IsoDate): RuleOutcome<IsoDate> {
  const future = notInFuture(requestedOn, today);
  if (future) return future;
  if (expected < requestedOn)
    return refuse("expected_before_request", { expectedDate: expected, requestedDate: requestedOn });
  return { ok: true, value: requestedOn };
}

/**
 * One step: granted (default what was asked, never more), refused, disbursed (default what was
 * granted, never more), or a repayment (an amount, never above what is still owed).
 */
export function advanceStepRule(
  reference: string,
  advance: AdvanceState,
  step: AdvanceStep,
  input: { cents?: number; date: IsoDate },
  today: IsoDate,
): RuleOutcome<AdvanceChange> {
  if (advance.status !== FROM[step])
    return refuse("advance_bad_transition", { ref: reference, status: advance.status, step });
  const future = notInFuture(input.date, today);
  if (future) return future;
  if (input.date < advance.lastStepDate)
    return refuse("step_before_previous", { date: input.date, previousDate: advance.lastStepDate });
  switch (step) {
    case "accorder": {
      const cents = input.cents ?? advance.requestedCents;
      if (cents > advance.requestedCents)
        return refuse("granted_above_requested", { ref: reference, requestedCents: advance.requestedCents });
      return { ok: true, value: { status: "accordee", grantedCents: cents, movementCents: cents } };
    }
    case "refuser":
      return { ok: true, value: { status: "refusee", movementCents: 0 } };
    case "verser": {
      const granted = advance.grantedCents ?? advance.requestedCents;
      const cents = input.cents ?? granted;
      if (cents > granted) return refuse("disbursed_above_granted", { ref: reference, grantedCents: granted });
      return { ok: true, value: { status: "versee", disbursedCents: cents, movementCents: cents } };
    }
    case "rembourser": {
      const owed = (advance.disbursedCents ?? 0) - advance.repaidCents;
      if (input.cents === undefined) return refuse("repayment_amount_required", { ref: reference, balanceCents: owed });
      if (input.cents > owed) return refuse("repayment_above_balance", { ref: reference, balanceCents: owed });
      const repaid = advance.repaidCents + input.cents;
      return {
        ok: true,
        value: {
          status: input.cents === owed ? "remboursee" : "versee",
          repaidCents: repaid,
          movementCents: input.cents,
        },
      };
    }
  }
}

export interface FunderTotal {
  funder: string;
  count: number;
  outstandingCents: number;
  overdue: number;
}

/**
 * Pending advances per funder: how many, what is still owed (disbursed minus repaid) and how many
 * are overdue. Funders typed with different case or spacing are one funder.
 */
export function totalsByFunder(
  advances: readonly {
    funder: string;
    status: AdvanceStatus;
    disbursedCents: number | null;
    repaidCents: number;
    expectedPaymentDate: IsoDate;
  }[],
  today: IsoDate,
): FunderTotal[] {
  const byKey = new Map<string, FunderTotal>();
  for (const a of advances) {
    if (!ADVANCE_PENDING.includes(a.status)) continue;
    const key = a.funder.trim().replace(/\s+/g, " ").toLocaleLowerCase("fr");
    const total = byKey.get(key) ?? { funder: a.funder.trim(), count: 0, outstandingCents: 0, overdue: 0 };
    total.count++;
    total.outstandingCents += advanceOutstanding(a) ?? 0;
    if (advanceOverdue(a, today)) total.overdue++;
    byKey.set(key, total);
  }
  return [...byKey.values()].sort(
    (a, b) => b.outstandingCents - a.outstandingCents || a.funder.localeCompare(b.funder),
  );
}
