import type { CandidatureDecision } from "./vocabulary.ts";

export type CandidatureStatus = "soumise" | "validee" | "refusee" | "ajournee";

/** "Sortie de structures" is reserved to households the operator already houses (seed 004). */
const HOUSED_BY_OPERATOR = new Set(["chrs", "alt", "pension_de_famille"]);

export function isHousedByOperator(hebergement: string): boolean {
  return HOUSED_BY_OPERATOR.has(hebergement);
}

/** A refusal or an adjournment says why; a validation needs no reason. */
export function reasonMissing(decision: CandidatureDecision, reason: string | undefined): boolean {
  return decision !== "validee" && !reason?.trim();
}

/** Why a decision cannot be recorded, or null when it can. */
export function decisionProblem(
  status: CandidatureStatus,
  decision: CandidatureDecision,
  reason: string | undefined,
): "not_awaiting_decision" | "reason_required" | null {
  if (status !== "soumise") return "not_awaiting_decision";
  if (reasonMissing(decision, reason)) return "reason_required";
  return null;
}
