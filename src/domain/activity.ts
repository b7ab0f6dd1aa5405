import { daysBetween, daysInMonth, type IsoDate } from "./calendar.ts";

/** What the report is computed from (see ReportRepository.activityRows). */
export interface ActivityInput {
  mesures: {
    householdId: string;
    entryDate: IsoDate;
    endDate: IsoDate | null;
    endReason: string | null;
    household: { publicCible: string | null; composition: string | null; resourceBracket: string | null };
    bilans: { outcome: string; heldOn: IsoDate }[];
  }[];
  approved: number;
  candidatures: { status: string }[];
  situations: { category: string; status: string; outcome: string | null; householdId: string }[];
  claims: { status: string; claimedCents: number; acceptedCents: number | null; paidCents: number | null }[];
  advances: { status: string; requestedCents: number; disbursedCents: number | null; repaidCents: number }[];
}

export interface ActivityReport {
  year: number;
  empty: boolean;
  households: number;
  mesures: number;
  publics: Record<string, number>;
  compositions: Record<string, number>;
  resources: Record<string, number>;
  support: { bilans: number; suivis: number; situations: number };
  candidatures: Record<string, number>;
  duration: { medianMonths: number | null; buckets: Record<"lt6" | "6to12" | "12to18" | "gt18", number> };
  outcomes: { glissements: number; prolongations: number; ends: Record<string, number>; running: number };
  barriers: Record<string, number>;
  /** Held at each month's end; null for months not yet ended when the report is made. */
  quotaByMonth: { month: number; approved: number; held: number | null }[];
  situations: { byCategory: Record<string, number>; byOutcome: Record<string, number> };
  claims: Record<string, { count: number; cents: number }>;
  advances: Record<string, { count: number; cents: number }>;
}

function count<T>(items: readonly T[], key: (item: T) => string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? "inconnu";
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function sum<T>(
  items: readonly T[],
  key: (item: T) => string,
  cents: (item: T) => number,
): Record<string, { count: number; cents: number }> {
  const out: Record<string, { count: number; cents: number }> = {};
  for (const item of items) {
    const k = key(item);
    const total = out[k] ?? { count: 0, cents: 0 };
    out[k] = { count: total.count + 1, cents: total.cents + cents(item) };
  }
  return out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const inYear = (date: IsoDate, year: number) => date.startsWith(`${year}-`);

/**
 * The annual activity report (seed 004: households followed, profiles, resources, support, length of
 * follow-up, barriers to exit, outcomes), plus quota use month by month and the comité's and the
 * fund's figures. Pure: the same rows always give the same figures. Nothing in it names a household.
 */
export function computeActivity(input: ActivityInput, year: number, asOf: IsoDate): ActivityReport {
  const yearEnd = `${year}-12-31`;
  const households = new Set(input.mesures.map((m) => m.householdId));
  const firstPerHousehold = [...new Map(input.mesures.map((m) => [m.householdId, m])).values()];
  const durations = input.mesures.map((m) => {
    const until = m.endDate && m.endDate <= yearEnd ? m.endDate : yearEnd;
    return Math.round((daysBetween(m.entryDate, until) / 30.4375) * 10) / 10;
  });
  const buckets = { lt6: 0, "6to12": 0, "12to18": 0, gt18: 0 };
  for (const d of durations) buckets[d < 6 ? "lt6" : d < 12 ? "6to12" : d < 18 ? "12to18" : "gt18"]++;
  const endedInYear = input.mesures.filter((m) => m.endDate && inYear(m.endDate, year));
  const bilansInYear = input.mesures.flatMap((m) => m.bilans.filter((b) => inYear(b.heldOn, year)));
  const quotaByMonth = Array.from({ length: 12 }, (_, i) => {
    const monthEnd = `${year}-${String(i + 1).padStart(2, "0")}-${String(daysInMonth(year, i + 1)).padStart(2, "0")}`;
    const monthStart = `${year}-${String(i + 1).padStart(2, "0")}-01`;
    if (monthStart > asOf) return { month: i + 1, approved: input.approved, held: null };
    const at = monthEnd < asOf ? monthEnd : asOf;
    const held = input.mesures.filter((m) => m.entryDate <= at && (m.endDate === null || m.endDate > at)).length;
    return { month: i + 1, approved: input.approved, held };
  });
  const followed = new Set(households);
  return {
    year,
    empty:
      input.mesures.length === 0 &&
      input.candidatures.length === 0 &&
      input.situations.length === 0 &&
      input.claims.length === 0 &&
      input.advances.length === 0,
    households: households.size,
    mesures: input.mesures.length,
    publics: count(firstPerHousehold, (m) => m.household.publicCible),
    compositions: count(firstPerHousehold, (m) => m.household.composition?.trim().toLowerCase()),
    resources: count(firstPerHousehold, (m) => m.household.resourceBracket),
    support: {
      bilans: bilansInYear.filter((b) => b.outcome !== "poursuivre").length,
      suivis: bilansInYear.filter((b) => b.outcome === "poursuivre").length,
      situations: input.situations.filter((s) => followed.has(s.householdId)).length,
    },
    candidatures: count(input.candidatures, (c) => c.status),
    duration: { medianMonths: median(durations), buckets },
    outcomes: {
      glissements: endedInYear.filter((m) => m.endReason === "glissement").length,
      prolongations: bilansInYear.filter((b) => b.outcome === "prolonger").length,
      ends: count(
        endedInYear.filter((m) => m.endReason !== "glissement"),
        (m) => m.endReason,
      ),
      running: input.mesures.filter((m) => !m.endDate || m.endDate > yearEnd).length,
    },
    // What stood in the way: the difficulties the comité examined for households in the scheme.
    barriers: count(
      input.situations.filter((s) => followed.has(s.householdId)),
      (s) => s.category,
    ),
    quotaByMonth,
    situations: {
      byCategory: count(input.situations, (s) => s.category),
      byOutcome: count(input.situations, (s) => (s.status === "close" ? s.outcome : "ouverte")),
    },
    claims: sum(
      input.claims,
      (c) => c.status,
      (c) => c.paidCents ?? c.acceptedCents ?? c.claimedCents,
    ),
    advances: sum(
      input.advances,
      (a) => a.status,
      (a) => Math.max(0, (a.disbursedCents ?? a.requestedCents) - a.repaidCents),
    ),
  };
}
