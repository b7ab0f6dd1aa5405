import { daysInMonth, type IsoDate } from "./calendar.ts";
import { agrementYear } from "./quota.ts";
import type { SecurisationYear } from "./securisation-totals.ts";
import { countBy, type DurationSummary, monthsBetween, NOT_RECORDED, summarizeDurations } from "./statistics.ts";

/** The category a private owner is counted under: never a name. */
export const PRIVATE_OWNER_CATEGORY = "proprietaire_prive";

/**
 * The landlord as the report counts it: the organisation from the territory's list, or a private
 * owner (opened as "prive": no list entry, no name); null for a mesure opened before the list.
 */
export function landlordCategory(listName: string | null, shown: string, parc: string): string | null {
  if (listName) return listName;
  return shown === "" && parc === "prive" ? PRIVATE_OWNER_CATEGORY : null;
}

/**
 * What the report is computed from (ReportRepository.activityRows): categories, dates and amounts
 * only. A household's categories are a map, so a new controlled vocabulary (composition, barriers
 * to exit...) is one more key here and one more table in the report, nothing else.
 */
export interface ActivityMesure {
  householdId: string;
  dispositifId: string;
  entryDate: IsoDate;
  endDate: IsoDate | null;
  endReason: string | null;
  parc: string;
  /** The landlord's organisation from the territory's list, PRIVATE_OWNER, or null when not recorded. */
  landlord: string | null;
  /** Each household category (public, resources...) with its value, or several (barriers). */
  categories: Record<string, string | readonly string[] | null>;
  /** rentPaid and stable: the two glissement conditions as answered (oui, non, partiellement), null when not asked. */
  bilans: { kind: string; outcome: string; heldOn: IsoDate; rentPaid?: string | null; stable?: string | null }[];
}

export interface ActivityInput {
  dispositifs: { id: string; name: string; agrementStartMonth: number; quotas: { year: number; approved: number }[] }[];
  mesures: ActivityMesure[];
  candidatures: { status: string }[];
  situations: { category: string; status: string; outcome: string | null; householdId: string }[];
  /** The fund's year (claims by category, advances), for the report of all schemes; null for one scheme. */
  securisation: SecurisationYear | null;
}

export interface QuotaMonth {
  month: number;
  approved: number;
  /** Mesures held at the month's end (or on the report's date for the current month). */
  held: number;
}

export interface ActivityReport {
  year: number;
  /** The last day counted: 31 December, or the report's date during the year. */
  periodEnd: IsoDate;
  empty: boolean;
  households: { runningAtStart: number; entered: number; left: number; runningAtEnd: number; followed: number };
  /** Per household category (public, composition, resources...): households followed in each value. */
  categories: Record<string, Record<string, number>>;
  support: { bilansByKind: Record<string, number>; suivis: number; situations: number };
  /** The answers to the two glissement conditions at the bilans held in the period. */
  conditions: { rentPaid: Record<string, number>; stable: Record<string, number> };
  followUp: DurationSummary;
  exits: Record<string, number>;
  outcomes: { glissements: number; prolongations: number; ends: number };
  timeToGlissement: DurationSummary;
  stock: Record<string, number>;
  landlords: Record<string, number>;
  candidatures: Record<string, number>;
  comite: { byCategory: Record<string, number>; byOutcome: Record<string, number> };
  /** Per dispositif: quota use in the months up to the report's date only, and its exits. */
  dispositifs: { dispositifId: string; name: string; months: QuotaMonth[]; exits: Record<string, number> }[];
  securisation: SecurisationYear | null;
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
const inPeriod = (date: string, start: string, end: string) => date >= start && date <= end;
/** Held on a day: entered on or before it and not ended before it (the end day frees the unit). */
const heldOn = (m: ActivityMesure, day: IsoDate) => m.entryDate <= day && (m.endDate === null || m.endDate > day);

function distinctHouseholds(mesures: readonly ActivityMesure[]): number {
  return new Set(mesures.map((m) => m.householdId)).size;
}

/** Quota use month by month for one dispositif: the approved figure is that of the month's agrément year. */
export function quotaMonths(
  dispositif: ActivityInput["dispositifs"][number],
  mesures: readonly ActivityMesure[],
  year: number,
  periodEnd: IsoDate,
): QuotaMonth[] {
  const own = mesures.filter((m) => m.dispositifId === dispositif.id);
  const months: QuotaMonth[] = [];
  for (let month = 1; month <= 12; month++) {
    const start = iso(year, month, 1);
    if (start > periodEnd) break;
    const monthEnd = iso(year, month, daysInMonth(year, month));
    const at = monthEnd < periodEnd ? monthEnd : periodEnd;
    const agrement = agrementYear(start, dispositif.agrementStartMonth);
    const approved = dispositif.quotas.find((q) => q.year === agrement)?.approved ?? 0;
    months.push({ month, approved, held: own.filter((m) => heldOn(m, at)).length });
  }
  return months;
}

/** Whether the fund saw anything in the year: a claim, an amount, an advance step or money still owed. */
function fundActivity(year: SecurisationYear | null): boolean {
  if (!year) return false;
  const { total, advances } = year;
  return (
    total.count + total.acceptedCents + total.paidCents > 0 ||
    advances.requested + advances.grantedCents + advances.disbursedCents + advances.repaidCents > 0 ||
    advances.outstandingCents !== 0
  );
}

/** Counts each household once per category value (its latest mesure's categories). */
function householdCategories(mesures: readonly ActivityMesure[]): Record<string, Record<string, number>> {
  const latest = new Map<string, ActivityMesure>();
  for (const m of mesures) {
    const seen = latest.get(m.householdId);
    if (!seen || seen.entryDate < m.entryDate) latest.set(m.householdId, m);
  }
  const out: Record<string, Record<string, number>> = {};
  for (const m of latest.values())
    for (const [name, value] of Object.entries(m.categories)) {
      const counts = out[name] ?? {};
      const values = value === null ? [NOT_RECORDED] : typeof value === "string" ? [value] : value;
      for (const v of values.length ? values : [NOT_RECORDED]) counts[v] = (counts[v] ?? 0) + 1;
      out[name] = counts;
    }
  return out;
}

/**
 * The annual activity report (seed 004: households followed, profiles, resources, support given,
 * length of follow-up, barriers to exit), with exits, stock, landlords, quota use per dispositif
 * and the fund's figures. Pure: the same rows always give the same figures; nothing in it names a
 * household. `asOf` is the report's date: no month after it is counted.
 */
export function computeActivity(input: ActivityInput, year: number, asOf: IsoDate): ActivityReport {
  const start = iso(year, 1, 1);
  const yearEnd = iso(year, 12, 31);
  const periodEnd = asOf < yearEnd ? asOf : yearEnd;
  const followed = input.mesures.filter((m) => m.entryDate <= periodEnd && (m.endDate === null || m.endDate >= start));
  const entered = followed.filter((m) => inPeriod(m.entryDate, start, periodEnd));
  const ended = followed.filter((m) => m.endDate !== null && inPeriod(m.endDate, start, periodEnd));
  const bilans = followed.flatMap((m) => m.bilans.filter((b) => inPeriod(b.heldOn, start, periodEnd)));
  const reviews = bilans.filter((b) => b.outcome !== "poursuivre");
  const followedIds = new Set(followed.map((m) => m.householdId));
  const examined = input.situations.filter((s) => followedIds.has(s.householdId));
  const glissements = ended.filter((m) => m.endReason === "glissement");
  return {
    year,
    periodEnd,
    empty:
      followed.length === 0 &&
      input.candidatures.length === 0 &&
      examined.length === 0 &&
      !fundActivity(input.securisation),
    households: {
      // Running on 1 January: entered before it and not ended before it.
      runningAtStart: distinctHouseholds(followed.filter((m) => m.entryDate < start)),
      entered: distinctHouseholds(entered),
      left: distinctHouseholds(ended),
      runningAtEnd: distinctHouseholds(followed.filter((m) => m.endDate === null || m.endDate > periodEnd)),
      followed: distinctHouseholds(followed),
    },
    categories: householdCategories(followed),
    support: {
      bilansByKind: countBy(reviews, (b) => b.kind),
      suivis: bilans.length - reviews.length,
      situations: examined.length,
    },
    conditions: {
      rentPaid: countBy(reviews, (b) => b.rentPaid),
      stable: countBy(reviews, (b) => b.stable),
    },
    followUp: summarizeDurations(
      followed.map((m) => monthsBetween(m.entryDate, m.endDate && m.endDate <= periodEnd ? m.endDate : periodEnd)),
    ),
    exits: countBy(ended, (m) => m.endReason),
    outcomes: {
      glissements: glissements.length,
      prolongations: reviews.filter((b) => b.outcome === "prolonger").length,
      ends: ended.length - glissements.length,
    },
    timeToGlissement: summarizeDurations(glissements.map((m) => monthsBetween(m.entryDate, m.endDate ?? periodEnd))),
    stock: countBy(followed, (m) => m.parc),
    landlords: countBy(followed, (m) => m.landlord),
    candidatures: countBy(input.candidatures, (c) => c.status),
    comite: {
      byCategory: countBy(examined, (s) => s.category),
      byOutcome: countBy(examined, (s) => (s.status === "close" ? s.outcome : "ouverte")),
    },
    dispositifs: input.dispositifs.map((d) => ({
      dispositifId: d.id,
      name: d.name,
      months: quotaMonths(d, input.mesures, year, periodEnd),
      exits: countBy(
        ended.filter((m) => m.dispositifId === d.id),
        (m) => m.endReason,
      ),
    })),
    securisation: input.securisation,
  };
}
