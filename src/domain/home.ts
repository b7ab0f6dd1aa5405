import { addDays, type IsoDate } from "./calendar.ts";

/** How far ahead a member's list looks: what is late, and what falls due within this many days. */
export const HOME_HORIZON_DAYS = 30;

/** The last due date on a member's list today: everything late, and what falls due until then. */
export function agendaUntil(today: IsoDate, horizonDays = HOME_HORIZON_DAYS): IsoDate {
  return addDays(today, horizonDays);
}

export type ClaimStep = "incomplete" | "soumise" | "en_instruction" | "acceptee";

/**
 * The claim statuses that wait on a member: a declarer completes what is missing; the finance
 * side instructs what was submitted, decides what it instructs, and pays what it accepted.
 */
export function claimStepsFor(finance: boolean): { declared: ClaimStep[]; any: ClaimStep[] } {
  return { declared: ["incomplete"], any: finance ? ["soumise", "en_instruction", "acceptee"] : [] };
}
