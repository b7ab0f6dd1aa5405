import type { PostedMessage } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import type { Repositories } from "../db/repositories/index.ts";
import type { ClaimRecord } from "../db/repositories/securisation.ts";
import type { IsoDate } from "../domain/calendar.ts";
import { restDue } from "../domain/claim-life.ts";
import type { ClaimFacts, Eligibility, RuleOutcome } from "../domain/claim-rules.ts";
import type { ClaimCategory, ClaimStatus } from "../domain/securisation.ts";

export interface ClaimView {
  reference: string;
  category: ClaimCategory;
  householdRef: string | null;
  homeRef: string | null;
  /** Null only on a draft without an amount yet. */
  claimedCents: number | null;
  status: ClaimStatus;
  facts: ClaimFacts;
  eligibility: Eligibility;
  outsideRules: string | null;
  missing: string | null;
  rejectionReason: string | null;
  acceptedCents: number | null;
  acceptedOn: IsoDate | null;
  paidCents: number | null;
  paidOn: IsoDate | null;
  /** What the fund still owes on an accepted claim; null before acceptance. */
  restCents: number | null;
  submittedOn: IsoDate | null;
  payments: { date: IsoDate; cents: number; reference: string }[];
  history: { from: string | null; to: string; date: IsoDate; note: string | null; by: string }[];
  createdAt: Date;
  statusChangedAt: Date;
  /** The claim's card in the finance channel, root of its thread, once it was posted there. */
  message: PostedMessage | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function claimView(record: ClaimRecord, names: ReadonlyMap<string, string> = new Map()): ClaimView {
  const stored = (isRecord(record.eligibility) ? record.eligibility : {}) as {
    eligibility?: Eligibility;
    outsideRules?: string | null;
  };
  return {
    reference: record.reference,
    category: record.category,
    householdRef: record.household?.reference ?? null,
    homeRef: record.homeReference,
    claimedCents: record.claimedCents,
    status: record.status,
    facts: (isRecord(record.details) ? record.details : {}) as ClaimFacts,
    eligibility: stored.eligibility ?? { kind: "justified" },
    outsideRules: stored.outsideRules ?? null,
    missing: record.missing,
    rejectionReason: record.rejectionReason,
    acceptedCents: record.acceptedCents,
    acceptedOn: record.acceptedOn,
    paidCents: record.paidCents,
    paidOn: record.paidOn,
    restCents: restDue(record),
    message: record.channelId && record.messageId ? { channelId: record.channelId, messageId: record.messageId } : null,
    submittedOn: record.submittedOn,
    payments: record.payments.map((p) => ({ date: p.date, cents: p.amountCents, reference: p.reference })),
    history: record.events.map((e) => ({
      from: e.fromStatus,
      to: e.toStatus,
      date: e.date,
      note: e.note,
      by: names.get(e.actorId) ?? "?",
    })),
    createdAt: record.createdAt,
    statusChangedAt: record.statusChangedAt,
  };
}

/** The claim, or a clear "no such claim". */
export async function requireClaim(repos: Repositories, territoryId: string, reference: string): Promise<ClaimRecord> {
  const found = await repos.claims.find(territoryId, reference.toUpperCase());
  if (!found) throw new UserError("unknown_claim", { ref: reference });
  return found;
}

/** The claim as shown: its record, with the names of who made each step. */
export async function loadClaimView(repos: Repositories, territoryId: string, reference: string): Promise<ClaimView> {
  const record = await requireClaim(repos, territoryId, reference);
  return claimView(
    record,
    await repos.claims.actorNames(
      territoryId,
      record.events.map((e) => e.actorId),
    ),
  );
}

/** Locks the claim for the rest of the transaction, then reads it (see ClaimRepository.lock). */
export async function lockClaim(repos: Repositories, territoryId: string, reference: string): Promise<ClaimRecord> {
  if (!(await repos.claims.lock(territoryId, reference.toUpperCase())))
    throw new UserError("unknown_claim", { ref: reference });
  return requireClaim(repos, territoryId, reference);
}

/** The value a rule let through, or the rule's refusal as the user's answer. */
export function orRefuse<T>(outcome: RuleOutcome<T>): T {
  if (!outcome.ok) throw new UserError(outcome.refusal.rule, outcome.refusal.context);
  return outcome.value;
}

/** The date of a claim's last step (its history is in order): the next one may not come before it. */
export function lastStepDate(record: ClaimRecord): IsoDate | null {
  return record.events.reduce<IsoDate | null>((last, e) => (last === null || e.date > last ? e.date : last), null);
}
