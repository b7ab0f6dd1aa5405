import { addDays, addMonths, daysBetween, type IsoDate } from "./calendar.ts";
import type { TerritorySettings } from "./settings.ts";

export type ClaimCategory = "vacance" | "impayes" | "remise_en_etat" | "frais_procedure" | "cas_atypique";
export type ClaimStatus =
  | "brouillon"
  | "soumise"
  | "incomplete"
  | "en_instruction"
  | "acceptee"
  | "partiellement_payee"
  | "rejetee"
  | "payee";
export type Rules = TerritorySettings["securisation"];

/** Where a claim may go from each state (the fund's process; "incomplete ↔ under review"). */
const TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  brouillon: ["soumise"],
  soumise: ["incomplete", "en_instruction", "rejetee"],
  incomplete: ["en_instruction", "rejetee"],
  en_instruction: ["incomplete", "acceptee", "rejetee"],
  acceptee: ["partiellement_payee", "payee"],
  partiellement_payee: ["payee"],
  rejetee: [],
  payee: [],
};

export function canMove(from: ClaimStatus, to: ClaimStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which a claim still waits for the fund: a decision or a payment. */
export const AWAITING: readonly ClaimStatus[] = [
  "soumise",
  "incomplete",
  "en_instruction",
  "acceptee",
  "partiellement_payee",
];

/** Whole months plus a half-month step, as the fund counts them (3.5 months). */
function addFractionalMonths(date: IsoDate, months: number): IsoDate {
  const whole = Math.floor(months);
  const days = Math.round((months - whole) * 30);
  return addDays(addMonths(date, whole), days);
}

/** Months between two dates, in half-month steps rounded down (what the fund can count). */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  let months = 0;
  while (addMonths(from, months + 1) <= to) months++;
  const rest = daysBetween(addMonths(from, months), to);
  return months + (rest >= 15 ? 0.5 : 0);
}

export interface VacancyEligibility {
  /** The covered period, or null when the vacancy is too short to be covered. */
  from: IsoDate | null;
  to: IsoDate | null;
  months: number;
  capped: boolean;
  stillVacant: boolean;
  outsideRules: "vacancy_too_short" | null;
}

/**
 * Vacancy is covered beyond the first month (`vacancyGraceMonths`) and for at most
 * `vacancyMaxMonths` in all. Whether the first month itself is paid is a setting.
 */
export function vacancyEligibility(
  start: IsoDate,
  end: IsoDate | undefined,
  today: IsoDate,
  rules: Rules,
): VacancyEligibility {
  const stillVacant = end === undefined;
  const until = end ?? today;
  const graceEnd = addMonths(start, rules.vacancyGraceMonths);
  if (until <= graceEnd)
    return { from: null, to: null, months: 0, capped: false, stillVacant, outsideRules: "vacancy_too_short" };
  const from = rules.excludeFirstVacancyMonth ? graceEnd : start;
  const limit = addFractionalMonths(from, rules.vacancyMaxMonths);
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text, not numbers
  const to = until < limit ? until : limit;
  return {
    from,
    to,
    months: Math.min(monthsBetween(from, to), rules.vacancyMaxMonths),
    capped: until > limit,
    stillVacant,
    outsideRules: null,
  };
}

export interface UnpaidEligibility {
  months: string[];
  counted: string[];
  capped: boolean;
}

/** The months of unpaid rent from one date to another (YYYY-MM), and the ones the fund counts: the first N. */
export function unpaidEligibility(from: IsoDate, to: IsoDate, rules: Rules): UnpaidEligibility {
  const months: string[] = [];
  for (let month = `${from.slice(0, 7)}-01`; month.slice(0, 7) <= to.slice(0, 7); month = addMonths(month, 1))
    months.push(month.slice(0, 7));
  const counted = months.slice(0, rules.impayesMaxMonths);
  return { months, counted, capped: months.length > counted.length };
}

/** An indicative eligible amount when the monthly rent is known: rent × months counted. */
export function indicativeAmount(monthlyRentCents: number | undefined, months: number): number | null {
  return monthlyRentCents === undefined ? null : Math.round(monthlyRentCents * months);
}
