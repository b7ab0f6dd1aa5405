import type { TxClient } from "../client.ts";

/** The rows an activity report is computed from: categories, dates and amounts, never free text. */
export class ReportRepository {
  constructor(private readonly db: TxClient) {}

  async activityRows(territoryId: string, year: number, dispositifId: string | undefined) {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const byDispositif = dispositifId ? { dispositifId } : {};
    const yearStart = new Date(`${year}-01-01T00:00:00Z`);
    const yearEnd = new Date(`${year + 1}-01-01T00:00:00Z`);
    const [mesures, quotas, candidatures, situations, claims, advances] = await Promise.all([
      this.db.mesure.findMany({
        where: {
          territoryId,
          ...byDispositif,
          entryDate: { lte: end },
          OR: [{ endDate: null }, { endDate: { gte: start } }],
        },
        select: {
          id: true,
          householdId: true,
          entryDate: true,
          endDate: true,
          endReason: true,
          household: { select: { publicCible: true, composition: true, resourceBracket: true } },
          bilans: { select: { outcome: true, heldOn: true } },
        },
      }),
      this.db.quota.findMany({
        where: { year, dispositif: { territoryId, ...(dispositifId ? { id: dispositifId } : {}) } },
        select: { approved: true },
      }),
      this.db.candidature.findMany({
        where: { territoryId, ...byDispositif, submittedAt: { gte: yearStart, lt: yearEnd } },
        select: { status: true },
      }),
      this.db.situation.findMany({
        where: { territoryId, createdAt: { gte: yearStart, lt: yearEnd } },
        select: { category: true, status: true, outcome: true, householdId: true },
      }),
      // Drafts are not claims to the fund yet.
      this.db.securisationClaim.findMany({
        where: { territoryId, status: { not: "brouillon" }, createdAt: { gte: yearStart, lt: yearEnd } },
        select: { status: true, category: true, claimedCents: true, acceptedCents: true, paidCents: true },
      }),
      this.db.treasuryAdvance.findMany({
        where: { territoryId, createdAt: { gte: yearStart, lt: yearEnd } },
        select: { status: true, requestedCents: true, grantedCents: true, disbursedCents: true, repaidCents: true },
      }),
    ]);
    return {
      mesures,
      approved: quotas.reduce((n, q) => n + q.approved, 0),
      candidatures,
      situations,
      claims: claims.map((c) => ({ ...c, claimedCents: c.claimedCents ?? 0 })),
      advances,
    };
  }

  /** A mesure and its bilans, for the fiche-bilan. */
  ficheRows(territoryId: string, reference: string) {
    return this.db.mesure.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: {
        household: { select: { reference: true } },
        dispositif: { select: { code: true, name: true } },
        bilans: { orderBy: { createdAt: "asc" } },
      },
    });
  }
}
