import type { Clock } from "../core/clock.ts";
import { refuseIf, UserError } from "../core/errors.ts";
import { entryNotBeforeValidation } from "../domain/date-order.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import type { MesureRecord } from "../db/repositories/mesures.ts";
import { addDays, todayIn, type IsoDate } from "../domain/calendar.ts";
import { echeanceOverdue, entryDateProblem, type BilanConditionAnswer } from "../domain/mesure.ts";
import { agrementYear, yearsChecked } from "../domain/quota.ts";
import { onWorkingDays, planEcheances, plannedEnd, type EcheanceKind } from "../domain/schedule.ts";
import { holidayRegionOf } from "./calendar.ts";
import { landlordFor } from "./landlords.ts";
import { yearUse } from "./quotas.ts";
import type { Actor } from "./types.ts";

export interface OpenMesureInput {
  candidature: string;
  /** The move-in date; today when not given. */
  entree?: IsoDate | undefined;
  bailleur: string;
  parc: "public" | "prive";
  proprietaire?: string | undefined;
}

export interface MesureView {
  reference: string;
  householdRef: string;
  candidatureRef: string;
  dispositifCode: string;
  dispositifName: string;
  entryDate: IsoDate;
  plannedEndDate: IsoDate;
  /** The landlord's name; "" for a private owner, who is never named. */
  landlord: string;
  privateOwnerRef: string | null;
  parc: string;
  status: "active" | "terminee";
  endDate: IsoDate | null;
  endReason: string | null;
  echeances: { kind: EcheanceKind; dueDate: IsoDate; state: "done" | "cancelled" | "overdue" | "pending" }[];
  bilans: {
    heldOn: IsoDate;
    outcome: string;
    reason: string | null;
    /** Who was present, as roles. */
    present: BilanRole[];
    rentPaid: BilanConditionAnswer | null;
    situationStable: BilanConditionAnswer | null;
    endReason: string | null;
    effectiveOn: IsoDate | null;
    extendedTo: IsoDate | null;
  }[];
}

export interface DueItem {
  mesureRef: string;
  householdRef: string;
  dispositifCode: string;
  dispositifName: string;
  kind: EcheanceKind;
  dueDate: IsoDate;
  overdue: boolean;
}

/** The participants' roles at a bilan, and the Bilan column recording each one's presence. */
export const BILAN_ROLES = ["bailleur", "menage", "travailleur"] as const;
export type BilanRole = (typeof BILAN_ROLES)[number];
const PRESENCE_COLUMN = {
  bailleur: "landlordPresent",
  menage: "householdPresent",
  travailleur: "workerPresent",
} as const satisfies Record<BilanRole, string>;
/** How many running mesures one /mesures liste page shows. */
export const RUNNING_PAGE_SIZE = 20;

export interface RunningPage {
  page: number;
  pages: number;
  total: number;
  items: {
    reference: string;
    householdRef: string;
    dispositifCode: string;
    entryDate: IsoDate;
    landlord: string;
    next: { kind: EcheanceKind; dueDate: IsoDate; overdue: boolean } | null;
  }[];
}

/** The most échéances one /bilans reply lists; the counts say how many more there are. */
export const DUE_LIST_LIMIT = 40;

export async function requireMesure(
  repos: Repositories,
  territoryId: string,
  reference: string,
): Promise<MesureRecord> {
  const found = await repos.mesures.find(territoryId, reference.toUpperCase());
  if (!found) throw new UserError("unknown_mesure", { ref: reference });
  return found;
}

export function mesureView(record: MesureRecord, today: IsoDate): MesureView {
  return {
    reference: record.reference,
    householdRef: record.household.reference,
    candidatureRef: record.candidature.reference,
    dispositifCode: record.dispositif.code,
    dispositifName: record.dispositif.name,
    entryDate: record.entryDate,
    plannedEndDate: record.plannedEndDate,
    landlord: record.landlord,
    privateOwnerRef: record.privateOwnerRef,
    parc: record.parc,
    status: record.status,
    endDate: record.endDate,
    endReason: record.endReason,
    echeances: record.echeances.map((e) => ({
      kind: e.kind,
      dueDate: e.dueDate,
      state: e.doneAt
        ? "done"
        : e.cancelledAt
          ? "cancelled"
          : echeanceOverdue(e.dueDate, today)
            ? "overdue"
            : "pending",
    })),
    bilans: record.bilans.map((b) => ({
      heldOn: b.heldOn,
      outcome: b.outcome,
      reason: b.reason,
      present: BILAN_ROLES.filter((role) => b[PRESENCE_COLUMN[role]] === true),
      rentPaid: b.rentPaid,
      situationStable: b.situationStable,
      endReason: b.endReason,
      effectiveOn: b.effectiveOn,
      extendedTo: b.extendedTo,
    })),
  };
}

export class MesureService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private require(repos: Repositories, territoryId: string, reference: string): Promise<MesureRecord> {
    return requireMesure(repos, territoryId, reference);
  }

  private view(record: MesureRecord, today: IsoDate): MesureView {
    return mesureView(record, today);
  }

  /**
   * Opens a mesure for a validated candidature: takes one unit in the entry date's year of
   * agrément and in every later year already approved (it runs open-ended). The dispositif is
   * locked first, so concurrent openings queue and each count includes the others' committed
   * mesures: no year's quota can be exceeded, whatever year the entries fall in.
   */
  open(actor: Actor, input: OpenMesureInput): Promise<MesureView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const candidature = await repos.candidatures.find(actor.territoryId, input.candidature.toUpperCase());
      if (!candidature) throw new UserError("unknown_candidature", { ref: input.candidature });
      if (candidature.mesure)
        throw new UserError("mesure_already_open", {
          ref: candidature.reference,
          mesure: candidature.mesure.reference,
        });
      if (candidature.status !== "validee")
        throw new UserError("candidature_not_validated", { ref: candidature.reference, status: candidature.status });
      const entree = input.entree ?? today;
      const problem = entryDateProblem(entree, today);
      if (problem) throw new UserError(problem, { date: entree, ref: candidature.reference });
      refuseIf(entryNotBeforeValidation(entree, todayIn(actor.timezone, candidature.decidedAt ?? now)));
      const landlord = await landlordFor(repos, actor.territoryId, input.bailleur, input.parc, input.proprietaire);
      const dispositif = candidature.dispositif;
      const year = agrementYear(entree, dispositif.agrementStartMonth);
      await repos.dispositifs.lockOpenings(dispositif.id);
      const quotas = (await repos.dispositifs.quotas(actor.territoryId)).filter(
        (q) => q.dispositifId === dispositif.id,
      );
      const approvedIn = (y: number) => quotas.find((q) => q.year === y)?.approved ?? null;
      if (approvedIn(year) === null) throw new UserError("no_quota_for_year", { code: dispositif.code, year });
      for (const checked of yearsChecked(
        year,
        quotas.map((q) => q.year),
      )) {
        // The entry's year counts from the entry; a later year from its first day.
        const use = await yearUse(
          repos,
          dispositif,
          checked,
          approvedIn(checked),
          checked === year ? entree : undefined,
        );
        if (use.held >= use.approved)
          throw new UserError(checked === year ? "quota_exhausted" : "quota_exhausted_later", {
            code: dispositif.code,
            year: checked,
            entryYear: year,
            approved: use.approved,
            held: use.held,
          });
      }
      const mesure = await repos.mesures.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "IML", year),
        candidatureId: candidature.id,
        householdId: candidature.householdId,
        dispositifId: dispositif.id,
        entryDate: entree,
        ...landlord,
        parc: input.parc,
        plannedEndDate: plannedEnd(entree, dispositif),
        openedById: actor.memberId,
      });
      await repos.mesures.createEcheances(
        onWorkingDays(planEcheances(entree, dispositif), await holidayRegionOf(repos, actor.territoryId)).map((e) => ({
          territoryId: actor.territoryId,
          mesureId: mesure.id,
          kind: e.kind,
          dueDate: e.dueDate,
        })),
        now,
      );
      await repos.households.touch(candidature.householdId, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "mesure.opened",
          subjectType: "household",
          subjectRef: candidature.household.reference,
          details: { mesure: mesure.reference, dispositif: dispositif.code, year },
        },
        now,
      );
      return this.view(await this.require(repos, actor.territoryId, mesure.reference), today);
    });
  }

  /** A mesure's timeline; reading it is audited (it is about one household). */
  read(actor: Actor, reference: string): Promise<MesureView> {
    return inTransaction(this.db, async (repos) => {
      const mesure = await this.require(repos, actor.territoryId, reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.read",
          subjectType: "household",
          subjectRef: mesure.household.reference,
          details: { mesure: mesure.reference },
        },
        this.clock.now(),
      );
      return this.view(mesure, todayIn(actor.timezone, this.clock.now()));
    });
  }

  /** Running mesures, by entry date, a page at a time: what a coordinator follows, without knowing references. */
  async running(
    territory: { id: string; timezone: string },
    code: string | undefined,
    page: number,
  ): Promise<RunningPage> {
    const today = todayIn(territory.timezone, this.clock.now());
    const repos = readOnly(this.db);
    if (code && !(await repos.dispositifs.findByCode(territory.id, code))) {
      const known = (await repos.dispositifs.list(territory.id)).map((d) => d.code).join(", ");
      throw new UserError("unknown_dispositif", { code, known: known || "-" });
    }
    const { rows, total } = await repos.mesures.runningPage(
      territory.id,
      code,
      (page - 1) * RUNNING_PAGE_SIZE,
      RUNNING_PAGE_SIZE,
    );
    const pages = Math.max(1, Math.ceil(total / RUNNING_PAGE_SIZE));
    if (page > pages) throw new UserError("page_out_of_range", { page, pages });
    return {
      page,
      pages,
      total,
      items: rows.map((row) => {
        const next = row.echeances[0] ?? null;
        return {
          reference: row.reference,
          householdRef: row.household.reference,
          dispositifCode: row.dispositif.code,
          entryDate: row.entryDate,
          landlord: row.landlord,
          next: next ? { kind: next.kind, dueDate: next.dueDate, overdue: echeanceOverdue(next.dueDate, today) } : null,
        };
      }),
    };
  }

  /**
   * Bilans, slide decisions and follow-ups due within `days`, and every overdue one, soonest first:
   * at most `limit` listed (a chat message cannot show more usefully), with the full counts.
   */
  async due(
    territory: { id: string; timezone: string },
    days: number,
    limit = DUE_LIST_LIMIT,
  ): Promise<{ items: DueItem[]; total: number; overdue: number }> {
    const today = todayIn(territory.timezone, this.clock.now());
    const until = addDays(today, days);
    const repos = readOnly(this.db);
    const { rows, total, overdue } = await repos.mesures.pendingEcheances(territory.id, until, today, limit);
    return { items: rows.map((row) => ({ ...row, overdue: echeanceOverdue(row.dueDate, today) })), total, overdue };
  }
}
