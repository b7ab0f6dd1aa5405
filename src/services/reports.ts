import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import { computeActivity, type ActivityReport } from "../domain/activity.ts";
import { todayIn, type IsoDate } from "../domain/calendar.ts";
import type { Actor } from "./types.ts";

export interface FicheView {
  mesureRef: string;
  householdRef: string;
  dispositif: string;
  entryDate: IsoDate;
  plannedEndDate: IsoDate;
  landlord: string;
  parc: string;
  status: string;
  endDate: IsoDate | null;
  bilan: {
    heldOn: IsoDate;
    outcome: string;
    echeance: string | null;
    dueDate: string | null;
    travail: string | null;
    raison: string | null;
    motif: string | null;
    recordedBy: string;
  };
}

export class ReportService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /** The fiche-bilan of a recorded bilan (the latest, or the one held on `date`); the read is audited. */
  fiche(actor: Actor, mesureRef: string, date: IsoDate | undefined): Promise<FicheView> {
    return inTransaction(this.db, async (repos) => {
      const mesure = await repos.reports.ficheRows(actor.territoryId, mesureRef.toUpperCase());
      if (!mesure) throw new UserError("unknown_mesure", { ref: mesureRef });
      const bilans = mesure.bilans.filter((b) => b.outcome !== "poursuivre" && (!date || b.heldOn === date));
      const bilan = bilans.at(-1);
      if (!bilan)
        throw new UserError(date ? "no_bilan_on_date" : "no_bilan_recorded", {
          ref: mesure.reference,
          date: date ?? "",
        });
      const fiche = (bilan.fiche ?? {}) as {
        echeance?: string | null;
        dueDate?: string | null;
        travail?: string | null;
        raison?: string | null;
      };
      const recordedBy = (await repos.members.findById(actor.territoryId, bilan.recordedById))?.displayName ?? "?";
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.read",
          subjectType: "household",
          subjectRef: mesure.household.reference,
          details: { mesure: mesure.reference, fiche: bilan.heldOn },
        },
        this.clock.now(),
      );
      return {
        mesureRef: mesure.reference,
        householdRef: mesure.household.reference,
        dispositif: mesure.dispositif.name,
        entryDate: mesure.entryDate,
        plannedEndDate: mesure.plannedEndDate,
        landlord: mesure.landlord,
        parc: mesure.parc,
        status: mesure.status,
        endDate: mesure.endDate,
        bilan: {
          heldOn: bilan.heldOn,
          outcome: bilan.outcome,
          echeance: fiche.echeance ?? null,
          dueDate: fiche.dueDate ?? null,
          travail: fiche.travail ?? null,
          raison: fiche.raison ?? null,
          motif: bilan.reason,
          recordedBy,
        },
      };
    });
  }

  async activity(
    actor: Actor,
    year: number,
    dispositifCode: string | undefined,
  ): Promise<{ report: ActivityReport; dispositif: string | null }> {
    const repos = readOnly(this.db);
    let dispositif: { id: string; name: string } | null = null;
    if (dispositifCode) {
      dispositif = await repos.dispositifs.findByCode(actor.territoryId, dispositifCode.toLowerCase());
      if (!dispositif) {
        const known = (await repos.dispositifs.list(actor.territoryId)).map((d) => d.code).join(", ");
        throw new UserError("unknown_dispositif", { code: dispositifCode, known: known || "-" });
      }
    }
    const rows = await repos.reports.activityRows(actor.territoryId, year, dispositif?.id);
    return {
      report: computeActivity(rows, year, todayIn(actor.timezone, this.clock.now())),
      dispositif: dispositif?.name ?? null,
    };
  }
}
