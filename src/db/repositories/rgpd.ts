import type { TxClient } from "../client.ts";

/** What the law asks of a household's data: everything held (export), and anonymisation. */
export class RgpdRepository {
  constructor(private readonly db: TxClient) {}

  everything(territoryId: string, reference: string) {
    return this.db.household.findUnique({
      where: { territoryId_reference: { territoryId, reference } },
      include: {
        candidatures: true,
        mesures: { include: { echeances: true, bilans: true } },
        situations: { include: { entries: true, actions: true } },
        claims: true,
      },
    });
  }

  auditOf(territoryId: string, reference: string) {
    return this.db.auditEvent.findMany({
      where: { territoryId, subjectRef: reference },
      orderBy: { createdAt: "asc" },
    });
  }

  hasActiveMesure(householdId: string): Promise<number> {
    return this.db.mesure.count({ where: { householdId, status: "active" } });
  }

  /**
   * Keeps what statistics need (categories, dates, amounts) and removes everything that says who
   * the household is or what happened to it in words; its reference becomes an anonymous one.
   */
  async anonymize(
    householdId: string,
    oldReference: string,
    territoryId: string,
    anonymousRef: string,
    at: Date,
  ): Promise<void> {
    await this.db.household.update({
      where: { id: householdId },
      data: { reference: anonymousRef, followerId: null, anonymizedAt: at },
    });
    // Every free text tied to the household goes: notes, reasons, remarks, landlords typed as text.
    await this.db.candidature.updateMany({
      where: { householdId },
      data: { note: "", decisionReason: null, channelId: null, messageId: null },
    });
    await this.db.candidatureEvent.updateMany({ where: { candidature: { householdId } }, data: { text: null } });
    await this.db.mesure.updateMany({ where: { householdId }, data: { landlord: "", privateOwnerRef: null } });
    const mesureIds = (await this.db.mesure.findMany({ where: { householdId }, select: { id: true } })).map(
      (m) => m.id,
    );
    await this.db.bilan.updateMany({
      where: { mesureId: { in: mesureIds } },
      data: { reason: null, rentPaidRemark: null, situationStableRemark: null, fiche: { anonymized: true } },
    });
    const situationIds = (await this.db.situation.findMany({ where: { householdId }, select: { id: true } })).map(
      (s) => s.id,
    );
    await this.db.situation.updateMany({
      where: { householdId },
      data: { summary: "", landlord: "", landlordId: null, privateOwnerRef: null, channelId: null, messageId: null },
    });
    await this.db.situationEntry.updateMany({ where: { situationId: { in: situationIds } }, data: { text: "" } });
    await this.db.situationAction.updateMany({ where: { situationId: { in: situationIds } }, data: { text: "" } });
    await this.db.securisationClaim.updateMany({
      where: { householdId },
      data: { details: {}, homeReference: null, missing: null, rejectionReason: null },
    });
    await this.db.auditEvent.updateMany({
      where: { territoryId, subjectRef: oldReference },
      data: { subjectRef: anonymousRef, details: { anonymized: true } },
    });
  }

  /** Households whose last contact is older than the cutoff, not anonymised and with nothing running. */
  expired(territoryId: string, before: Date) {
    return this.db.household.findMany({
      where: {
        territoryId,
        anonymizedAt: null,
        lastContactAt: { lt: before },
        mesures: { none: { status: "active" } },
        situations: { none: { status: "ouverte" } },
      },
      select: { id: true, reference: true },
    });
  }

  async purgeAudit(territoryId: string, before: Date): Promise<number> {
    const { count } = await this.db.auditEvent.deleteMany({ where: { territoryId, createdAt: { lt: before } } });
    return count;
  }
}
