import type { IsoDate } from "./calendar.ts";
import { notAfterToday } from "./date-order.ts";
import {
  type ClaimCategory,
  indicativeAmount,
  type Rules,
  unpaidEligibility,
  vacancyEligibility,
} from "./securisation.ts";

/**
 * The regional fund's rules for each category of claim, each a named function. A rule either
 * lets the claim through with what the fund can count, or refuses it naming the rule (an
 * `errors:` key) and the values that show why.
 */
export interface Refusal {
  rule: string;
  context: Record<string, string | number>;
}

export type RuleOutcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const pass = <T>(value: T): RuleOutcome<T> => ({ ok: true, value });
const refuse = (rule: string, context: Record<string, string | number> = {}): RuleOutcome<never> => ({
  ok: false,
  refusal: { rule, context },
});

/** What the bot computed against the fund's rules, stored with the claim and shown to finance. */
export type Eligibility =
  | {
      kind: "vacance";
      from: IsoDate | null;
      to: IsoDate | null;
      months: number;
      capped: boolean;
      stillVacant: boolean;
      indicativeCents: number | null;
      maxMonths: number;
    }
  | {
      kind: "impayes";
      months: string[];
      counted: string[];
      capped: boolean;
      indicativeCents: number | null;
      maxMonths: number;
    }
  | { kind: "justified" };

/** The facts a claim may carry, by option name (so a refusal can point at the field). */
export interface ClaimFacts {
  du?: IsoDate;
  au?: IsoDate;
  loyer?: number;
  aide_refusee?: boolean;
  aide?: string;
  lien?: "dette_locative" | "expulsion";
  nature?: "huissier" | "avocat";
  exceptionnel?: boolean;
  justification?: string;
}

/** Nothing is dated after today: the refusal the household's other dates give (date-order.ts). */
export function notInFuture(date: IsoDate, today: IsoDate): { ok: false; refusal: Refusal } | null {
  const problem = notAfterToday(date, today);
  return problem ? { ok: false, refusal: { rule: problem.identifier, context: { ...problem.context } } } : null;
}

/** A cas atypique is "justified case by case": a few words are not a justification. */
export const ATYPICAL_JUSTIFICATION_MIN = 20;

/** Vacancy: covered only beyond the first month (setting), counted up to 3.5 months (setting). */
export function vacancyRule(facts: ClaimFacts, today: IsoDate, rules: Rules): RuleOutcome<Eligibility> {
  if (!facts.du) return refuse("claim_field_required", { option: "du" });
  const result = vacancyEligibility(facts.du, facts.au, today, rules);
  if (result.outsideRules)
    return refuse("rule_vacancy_too_short", {
      start: facts.du,
      end: facts.au ?? today,
      grace: rules.vacancyGraceMonths,
    });
  return pass({
    kind: "vacance",
    from: result.from,
    to: result.to,
    months: result.months,
    capped: result.capped,
    stillVacant: result.stillVacant,
    indicativeCents: indicativeAmount(facts.loyer, result.months),
    maxMonths: rules.vacancyMaxMonths,
  });
}

/** Unpaid rent: only after common-law aids were requested and refused; the first 3 months counted. */
export function unpaidRentRule(facts: ClaimFacts, rules: Rules): RuleOutcome<Eligibility> {
  if (!facts.du) return refuse("claim_field_required", { option: "du" });
  if (!facts.au) return refuse("claim_field_required", { option: "au" });
  if (facts.aide_refusee === undefined) return refuse("claim_field_required", { option: "aide_refusee" });
  if (!facts.aide_refusee) return refuse("aid_not_refused", { option: "aide_refusee" });
  if (!facts.aide) return refuse("claim_field_required", { option: "aide" });
  const result = unpaidEligibility(facts.du, facts.au, rules);
  return pass({
    kind: "impayes",
    ...result,
    indicativeCents: indicativeAmount(facts.loyer, result.counted.length),
    maxMonths: rules.impayesMaxMonths,
  });
}

/** Remise en état: exceptional damage only, described; ordinary wear is the landlord's lot. */
export function repairRule(facts: ClaimFacts): RuleOutcome<Eligibility> {
  if (facts.exceptionnel === undefined) return refuse("claim_field_required", { option: "exceptionnel" });
  if (!facts.exceptionnel) return refuse("rule_repair_not_exceptional", { option: "exceptionnel" });
  if (!facts.justification) return refuse("claim_field_required", { option: "justification" });
  return pass({ kind: "justified" });
}

/** Frais de procédure: bailiff or lawyer fees, tied to a rent debt or an eviction. */
export function procedureCostRule(facts: ClaimFacts): RuleOutcome<Eligibility> {
  if (!facts.nature) return refuse("claim_field_required", { option: "nature" });
  if (!facts.lien) return refuse("claim_field_required", { option: "lien" });
  if (!facts.justification) return refuse("claim_field_required", { option: "justification" });
  return pass({ kind: "justified" });
}

/** Cas atypique: exceptional charges outside the four categories, justified case by case. */
export function atypicalRule(facts: ClaimFacts): RuleOutcome<Eligibility> {
  if (!facts.justification) return refuse("claim_field_required", { option: "justification" });
  if (facts.justification.length < ATYPICAL_JUSTIFICATION_MIN)
    return refuse("rule_atypical_justification", { option: "justification", min: ATYPICAL_JUSTIFICATION_MIN });
  return pass({ kind: "justified" });
}

/** The rule of a category, applied to a claim's facts. */
export function categoryRule(
  category: ClaimCategory,
  facts: ClaimFacts,
  today: IsoDate,
  rules: Rules,
): RuleOutcome<Eligibility> {
  const outcome = ruleOf(category, facts, today, rules);
  // A missing field is named with the category that needs it.
  if (!outcome.ok && outcome.refusal.rule === "claim_field_required")
    outcome.refusal.context.category = `$t(common:claim_category.${category})`;
  return outcome;
}

function ruleOf(category: ClaimCategory, facts: ClaimFacts, today: IsoDate, rules: Rules): RuleOutcome<Eligibility> {
  switch (category) {
    case "vacance":
      return vacancyRule(facts, today, rules);
    case "impayes":
      return unpaidRentRule(facts, rules);
    case "remise_en_etat":
      return repairRule(facts);
    case "frais_procedure":
      return procedureCostRule(facts);
    case "cas_atypique":
      return atypicalRule(facts);
  }
}

/** Dates that hold for any claim, draft or not: a period in order, nothing in the future. */
export function claimDatesRule(facts: ClaimFacts, today: IsoDate): RuleOutcome<null> {
  if (facts.du && facts.au && facts.au < facts.du)
    return refuse("end_before_start", { option: "au", startDate: facts.du, endDate: facts.au });
  for (const date of [facts.du, facts.au]) {
    const future = date ? notInFuture(date, today) : null;
    if (future) return future;
  }
  return pass(null);
}

export interface MesureLife {
  reference: string;
  entryDate: IsoDate;
  endDate: IsoDate | null;
}

/**
 * A claim about a household concerns one of its mesures: its period (from `du`, to `au` or today)
 * must lie inside that mesure's life, from the entry to the end (or today while it runs).
 */
export function claimPeriodRule(
  period: { from: IsoDate; to: IsoDate },
  mesures: readonly MesureLife[],
  today: IsoDate,
): RuleOutcome<MesureLife> {
  if (mesures.length === 0) return refuse("rule_claim_without_mesure");
  const inside = mesures.find((m) => period.from >= m.entryDate && period.to <= (m.endDate ?? today));
  if (inside) return pass(inside);
  // Name the mesure closest to the period, so the user sees which dates it has.
  const nearest = [...mesures]
    .sort((a, b) => (a.entryDate < b.entryDate ? 1 : -1))
    .find((m) => m.entryDate <= period.to);
  const shown = nearest ?? mesures[0];
  return refuse("rule_claim_outside_mesure", {
    mesure: shown?.reference ?? "",
    entryDate: shown?.entryDate ?? "",
    endDate: shown?.endDate ?? today,
    startDate: period.from,
    endPeriodDate: period.to,
  });
}
