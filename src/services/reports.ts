import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import { type ActivityReport, computeActivity } from "../domain/activity.ts";
import { type IsoDate, todayIn } from "../domain/calendar.ts";
import { securisationYear } from "../domain/securisation-totals.ts";
import { readSettings } from "../domain/settings.ts";
import { BILAN_ROLES } from "./mesures.ts";
import type { Actor } from "./types.ts";

/** Who the report is from: the structure (a setting) and the territory. */
export interface ReportOrigin {
  structure: string;
  territory: string;
  generatedOn: IsoDate;
}

export interface FicheView {
  origin: ReportOrigin;
  mesureRef: string;
  householdRef: string;
  dispositif: string;
  entryDate: IsoDate;
  landlord: string;
  parc: string;
  /** Household categories (public, resources...): vocabulary keys, never free text. */
  categories: { name: string; value: string | null }[];
  status: string;
  endDate: IsoDate | null;
  endReason: string | null;
  plannedEndDate: IsoDate;
  next: { kind: string; dueDate: IsoDate } | null;
  bilan: {
    heldOn: IsoDate;
    kind: string;
    outcome: string;
    /** The roles that took part, when the bilan recorded them. */
    participants: string[] | null;
    /** The two glissement conditions (oui, non, partiellement) with their remarks; null: not recorded. */
    conditions: {
      rentPaid: string | null;
      rentPaidRemark: string | null;
      stable: string | null;
      stableRemark: string | null;
    } | null;
    endReason: string | null;
    reason: string | null;
    worked: string | null;
    /** Barriers to exit noted at the bilan (vocabulary keys). */
    barriers: string[];
  };
}

export interface ActivityView {
  origin: ReportOrigin;
  report: ActivityReport;
  /** The dispositif's name, or null for all of them. */
  dispositif: string | null;
}

const FicheJson = (stored: unknown) => {
  const v = (stored ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof v[key] === "string" ? (v[key] as string) : null);
  return { travail: text("travail"), raison: text("raison") };
};

/** The roles present at a bilan, or null when the bilan did not record them. */
function presence(bilan: {
  landlordPresent: boolean | null;
  householdPresent: boolean | null;
  workerPresent: boolean | null;
}) {
  const answers = { bailleur: bilan.landlordPresent, menage: bilan.householdPresent, travailleur: bilan.workerPresent };
  if (Object.values(answers).every((v) => v === null)) return null;
  return BILAN_ROLES.filter((role) => answers[role] === true);
}

export class ReportService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private async origin(actor: Actor): Promise<ReportOrigin> {
    const territory = await readOnly(this.db).territories.findById(actor.territoryId);
    return {
      structure: readSettings(territory?.settings).reports.structure,
      territory: territory?.name ?? "",
      generatedOn: todayIn(actor.timezone, this.clock.now()),
    };
  }

  /** The fiche-bilan of a recorded bilan (the latest, or the one held on `date`); the read is audited. */
  async fiche(actor: Actor, mesureRef: string, date: IsoDate | undefined): Promise<FicheView> {
    const origin = await this.origin(actor);
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
      const stored = FicheJson(bilan.fiche);
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
      const next = mesure.echeances[0];
      return {
        origin,
        mesureRef: mesure.reference,
        householdRef: mesure.household.reference,
        dispositif: mesure.dispositif.name,
        entryDate: mesure.entryDate,
        landlord: mesure.landlord,
        parc: mesure.parc,
        categories: [
          { name: "public", value: mesure.household.publicCible },
          { name: "composition", value: mesure.household.composition },
          { name: "resources", value: mesure.household.resourceBracket },
        ],
        status: mesure.status,
        endDate: mesure.endDate,
        endReason: mesure.endReason,
        plannedEndDate: mesure.plannedEndDate,
        next: mesure.status === "active" && next ? { kind: next.kind, dueDate: next.dueDate } : null,
        bilan: {
          heldOn: bilan.heldOn,
          kind: bilan.echeance?.kind ?? "intermediaire",
          outcome: bilan.outcome,
          // Older bilans, recorded before presence and conditions were asked, say "not recorded".
          participants: presence(bilan),
          conditions:
            bilan.rentPaid || bilan.situationStable
              ? {
                  rentPaid: bilan.rentPaid,
                  rentPaidRemark: bilan.rentPaidRemark,
                  stable: bilan.situationStable,
                  stableRemark: bilan.situationStableRemark,
                }
              : null,
          endReason: bilan.endReason ?? stored.raison,
          reason: bilan.reason,
          worked: stored.travail,
          barriers: bilan.barriers.map((b) => b.barrier),
        },
      };
    });
  }

  /** The activity report's figures for a year, for one dispositif (by code) or all. */
  async activity(actor: Actor, year: number, dispositifCode: string | undefined): Promise<ActivityView> {
    const repos = readOnly(this.db);
    let dispositif: { id: string; name: string } | null = null;
    if (dispositifCode) {
      dispositif = await repos.dispositifs.findByCode(actor.territoryId, dispositifCode.toLowerCase());
      if (!dispositif) {
        const known = (await repos.dispositifs.list(actor.territoryId)).map((d) => d.code).join(", ");
        throw new UserError("unknown_dispositif", { code: dispositifCode, known: known || "-" });
      }
    }
    const origin = await this.origin(actor);
    const rows = await repos.reports.activityRows(actor.territoryId, year, dispositif?.id);
    // The fund's year is the association's, not a scheme's: in the report of all schemes only,
    // the same figures as /securisation bilan.
    const securisation = dispositif
      ? null
      : securisationYear(await repos.claims.yearRows(actor.territoryId, year), year, origin.generatedOn);
    return {
      origin,
      report: computeActivity({ ...rows, securisation }, year, origin.generatedOn),
      dispositif: dispositif?.name ?? null,
    };
  }
}
