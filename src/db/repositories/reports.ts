import { type ActivityInput, landlordCategory } from "../../domain/activity.ts";
import type { TxClient } from "../client.ts";

/** The rows reports are computed from: categories, dates and amounts, never free text. */
export class ReportRepository {
  constructor(private readonly db: TxClient) {}

  /** Everything but the fund's figures, which come from the sécurisation year (ClaimRepository.yearRows). */
  async activityRows(
    territoryId: string,
    year: number,
    dispositifId: string | undefined,
  ): Promise<Omit<ActivityInput, "securisation">> {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const byDispositif = dispositifId ? { dispositifId } : {};
    const yearStart = new Date(`${year}-01-01T00:00:00Z`);
    const yearEnd = new Date(`${year + 1}-01-01T00:00:00Z`);
    const createdInYear = { createdAt: { gte: yearStart, lt: yearEnd } };
    const [dispositifs, mesures, candidatures, situations] = await Promise.all([
      this.db.dispositif.findMany({
        where: { territoryId, ...(dispositifId ? { id: dispositifId } : {}) },
        select: {
          id: true,
          name: true,
          agrementStartMonth: true,
          quotas: { where: { year: { in: [year - 1, year] } }, select: { year: true, approved: true } },
        },
        orderBy: { code: "asc" },
      }),
      this.db.mesure.findMany({
        where: {
          territoryId,
          ...byDispositif,
          entryDate: { lte: end },
          OR: [{ endDate: null }, { endDate: { gte: start } }],
        },
        select: {
          householdId: true,
          dispositifId: true,
          entryDate: true,
          endDate: true,
          endReason: true,
          parc: true,
          landlord: true,
          landlordEntry: { select: { name: true } },
          household: { select: { publicCible: true, composition: true, resourceBracket: true } },
          bilans: {
            select: {
              outcome: true,
              heldOn: true,
              rentPaid: true,
              situationStable: true,
              echeance: { select: { kind: true } },
              barriers: { select: { barrier: true } },
            },
          },
        },
      }),
      this.db.candidature.findMany({
        where: { territoryId, ...byDispositif, submittedAt: { gte: yearStart, lt: yearEnd } },
        select: { status: true },
      }),
      this.db.situation.findMany({
        where: { territoryId, ...createdInYear },
        select: { category: true, status: true, outcome: true, householdId: true },
      }),
    ]);
    return {
      dispositifs,
      mesures: mesures.map((m) => ({
        householdId: m.householdId,
        dispositifId: m.dispositifId,
        entryDate: m.entryDate,
        endDate: m.endDate,
        endReason: m.endReason,
        parc: m.parc,
        landlord: landlordCategory(m.landlordEntry?.name ?? null, m.landlord, m.parc),
        categories: {
          public: m.household.publicCible,
          composition: m.household.composition,
          resources: m.household.resourceBracket,
          // Every barrier noted at any of the mesure's bilans, each once.
          barriers: [...new Set(m.bilans.flatMap((b) => b.barriers.map((x) => x.barrier)))],
        },
        bilans: m.bilans.map((b) => ({
          kind: b.echeance?.kind ?? "intermediaire",
          outcome: b.outcome,
          heldOn: b.heldOn,
          rentPaid: b.rentPaid,
          stable: b.situationStable,
        })),
      })),
      candidatures,
      situations,
    };
  }

  /** A mesure and its bilans, for the fiche-bilan. */
  ficheRows(territoryId: string, reference: string) {
    return this.db.mesure.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: {
        household: { select: { reference: true, publicCible: true, composition: true, resourceBracket: true } },
        dispositif: { select: { code: true, name: true } },
        bilans: {
          orderBy: { createdAt: "asc" },
          include: { echeance: { select: { kind: true } }, barriers: { select: { barrier: true } } },
        },
        // The next step: the earliest échéance still open.
        echeances: {
          where: { doneAt: null, cancelledAt: null, kind: { not: "suivi" } },
          orderBy: { dueDate: "asc" },
          take: 1,
          select: { kind: true, dueDate: true },
        },
      },
    });
  }
}
