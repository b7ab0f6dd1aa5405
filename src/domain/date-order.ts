import type { IsoDate } from "./calendar.ts";

/**
 * The order of a household's dates: nothing happens to a mesure before the household's entry,
 * no entry before the SIAO validation, nothing recorded as held in the future. Each rule returns
 * the refusal to give (an error identifier and the dates it names), or null when in order.
 * Callers give the date the member typed and the bound it must respect, both ISO dates.
 */
export interface DateOrderProblem {
  identifier: string;
  context: { date: IsoDate; bound: IsoDate };
}

function problem(identifier: string, date: IsoDate, bound: IsoDate): DateOrderProblem {
  return { identifier, context: { date, bound } };
}

/** What may be dated on a mesure's life, each with its own refusal. */
export type MesureEvent = "suivi" | "bilan" | "fin" | "glissement" | "paiement" | "sinistre";

/** A suivi, bilan, end, payment... cannot be dated before the household entered the home. */
export function notBeforeEntry(event: MesureEvent, date: IsoDate, entry: IsoDate): DateOrderProblem | null {
  return date < entry ? problem(`date_before_entry.${event}`, date, entry) : null;
}

/** Something recorded as held or done cannot be dated after today. */
export function notAfterToday(date: IsoDate, today: IsoDate): DateOrderProblem | null {
  return date > today ? problem("date_in_future", date, today) : null;
}

/** A household enters its home only once the SIAO validated the candidature. */
export function entryNotBeforeValidation(entry: IsoDate, validatedOn: IsoDate): DateOrderProblem | null {
  return entry < validatedOn ? problem("entry_before_validation", entry, validatedOn) : null;
}

/** A decision on a candidature cannot come before its deposit. */
export function decisionNotBeforeDeposit(decidedOn: IsoDate, depositedOn: IsoDate): DateOrderProblem | null {
  return decidedOn < depositedOn ? problem("decision_before_deposit", decidedOn, depositedOn) : null;
}

/** The first problem among rules checked in order, or null. */
export function firstProblem(...checks: (DateOrderProblem | null)[]): DateOrderProblem | null {
  return checks.find((c) => c !== null) ?? null;
}
