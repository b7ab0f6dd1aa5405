import type { IsoDate } from "./calendar.ts";
import type { ClaimCategory } from "./securisation.ts";
import { CLAIM_CATEGORIES } from "./vocabulary.ts";

/**
 * A year of sécurisation in integer cents, as a finance lead reconciles it with the bank: what
 * happened in the year, each figure by its own date. Claims are counted in the year they were
 * submitted (drafts are not claims yet), with the amount claimed; accepted amounts by the date of
 * acceptance; payments by the date they were received. Advances: amounts granted, disbursed and
 * repaid by the date of each step, and what was still owed at the end of the year (or today).
 */
export interface ClaimFigures {
  count: number;
  claimedCents: number;
  acceptedCents: number;
  paidCents: number;
}

export interface AdvanceFigures {
  requested: number;
  grantedCents: number;
  disbursedCents: number;
  repaidCents: number;
  outstandingCents: number;
}

export interface SecurisationYear {
  year: number;
  /** The last day counted: 31 December, or today for the current year. */
  until: IsoDate;
  categories: { category: ClaimCategory; figures: ClaimFigures }[];
  total: ClaimFigures;
  advances: AdvanceFigures;
}

export interface YearInput {
  claims: readonly {
    category: ClaimCategory;
    submittedOn: IsoDate | null;
    claimedCents: number | null;
    acceptedCents: number | null;
    acceptedOn: IsoDate | null;
  }[];
  payments: readonly { category: ClaimCategory; date: IsoDate; cents: number }[];
  /** Every step of every advance: "demander", "accorder", "verser", "rembourser". */
  advanceMovements: readonly { advanceId: string; kind: string; date: IsoDate; cents: number }[];
}

const empty = (): ClaimFigures => ({ count: 0, claimedCents: 0, acceptedCents: 0, paidCents: 0 });

export function securisationYear(input: YearInput, year: number, today: IsoDate): SecurisationYear {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const until = [today, end].sort()[0] ?? end;
  const inYear = (date: IsoDate | null): date is IsoDate => date !== null && date >= start && date <= end;
  const byCategory = new Map<ClaimCategory, ClaimFigures>(CLAIM_CATEGORIES.map((c) => [c, empty()]));
  const of = (category: ClaimCategory): ClaimFigures => {
    const found = byCategory.get(category) ?? empty();
    byCategory.set(category, found);
    return found;
  };
  for (const claim of input.claims) {
    const figures = of(claim.category);
    if (inYear(claim.submittedOn)) {
      figures.count++;
      figures.claimedCents += claim.claimedCents ?? 0;
    }
    if (inYear(claim.acceptedOn)) figures.acceptedCents += claim.acceptedCents ?? 0;
  }
  for (const payment of input.payments) if (inYear(payment.date)) of(payment.category).paidCents += payment.cents;
  const categories = [...byCategory.entries()].map(([category, figures]) => ({ category, figures }));
  const total = categories.reduce(
    (sum, { figures }) => ({
      count: sum.count + figures.count,
      claimedCents: sum.claimedCents + figures.claimedCents,
      acceptedCents: sum.acceptedCents + figures.acceptedCents,
      paidCents: sum.paidCents + figures.paidCents,
    }),
    empty(),
  );
  const advances: AdvanceFigures = {
    requested: 0,
    grantedCents: 0,
    disbursedCents: 0,
    repaidCents: 0,
    outstandingCents: 0,
  };
  for (const m of input.advanceMovements) {
    if (inYear(m.date)) {
      if (m.kind === "demander") advances.requested++;
      if (m.kind === "accorder") advances.grantedCents += m.cents;
      if (m.kind === "verser") advances.disbursedCents += m.cents;
      if (m.kind === "rembourser") advances.repaidCents += m.cents;
    }
    // Owed at the end of the period: everything disbursed by then, less everything repaid by then.
    if (m.date <= until) {
      if (m.kind === "verser") advances.outstandingCents += m.cents;
      if (m.kind === "rembourser") advances.outstandingCents -= m.cents;
    }
  }
  return { year, until, categories, total, advances };
}
