import type { Clock } from "../core/clock.ts";
import { refuseIf, UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, type Repositories } from "../db/repositories/index.ts";
import type { MesureRecord } from "../db/repositories/mesures.ts";
import { addDays, todayIn, type IsoDate } from "../domain/calendar.ts";
import { firstProblem, notAfterToday, notBeforeEntry } from "../domain/date-order.ts";
import {
  extendedEnd,
  glissementDateProblem,
  glissementProblem,
  planAfterExtension,
  type BilanConditionAnswer,
} from "../domain/mesure.ts";
import { onWorkingDays, type EcheanceKind } from "../domain/schedule.ts";
import { holidayRegionOf } from "./calendar.ts";
import type { Barrier, BilanIssue, FinReason } from "../domain/vocabulary.ts";
import { mesureView, requireMesure, type MesureView } from "./mesures.ts";
import type { Actor } from "./types.ts";

export interface BilanInput {
  mesure: string;
  issue: BilanIssue;
  loyer?: BilanConditionAnswer | undefined;
  stabilite?: BilanConditionAnswer | undefined;
  raison?: FinReason | undefined;
  date?: IsoDate | undefined;
  effet?: IsoDate | undefined;
  /** Barriers to exit noted at the bilan, as categories the activity report counts. */
  freins?: Barrier[] | undefined;
  bailleur?: boolean | undefined;
  menage?: boolean | undefined;
  travailleur?: boolean | undefined;
  loyer_remarque?: string | undefined;
  stabilite_remarque?: string | undefined;
  travail?: string | undefined;
  motif?: string | undefined;
}

export interface EndInput {
  mesure: string;
  raison: FinReason;
  date?: IsoDate | undefined;
  motif?: string | undefined;
}

const BILAN_KINDS: readonly EcheanceKind[] = ["bilan_6", "bilan_10", "bilan_fin", "glissement_12"];
/** A bilan held up to this many days before a due one answers it (meetings are set early). */
const BILAN_WINDOW_DAYS = 31;

function requireRunning(mesure: MesureRecord): void {
  if (mesure.status !== "active")
    throw new UserError("mesure_ended", { ref: mesure.reference, date: mesure.endDate ?? "" });
}

/** Bilans (6 and 10 months, pre-end, slide decision) that decide, follow-up reviews, and ends. */
export class BilanService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private async result(repos: Repositories, actor: Actor, reference: string): Promise<MesureView> {
    const record = await requireMesure(repos, actor.territoryId, reference);
    return mesureView(record, todayIn(actor.timezone, this.clock.now()));
  }

  /**
   * Records a bilan with who was present, the two glissement conditions and the decision:
   * prolonger (re-plans what follows), glisser (the mesure ends as a glissement on the chosen
   * day) or fin (ends with its reason). Every refusal changes nothing.
   */
  record(actor: Actor, input: BilanInput): Promise<MesureView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const mesure = await requireMesure(repos, actor.territoryId, input.mesure);
      requireRunning(mesure);
      const heldOn = input.date ?? today;
      refuseIf(firstProblem(notBeforeEntry("bilan", heldOn, mesure.entryDate), notAfterToday(heldOn, today)));
      if (!input.loyer || !input.stabilite) throw new UserError("bilan_conditions_required", { ref: mesure.reference });
      if (input.issue === "fin" && !input.raison) throw new UserError("fin_reason_required", { ref: mesure.reference });
      if (input.issue === "glisser") {
        const unmet = glissementProblem(input.loyer, input.stabilite);
        if (unmet) throw new UserError(unmet, { ref: mesure.reference });
      }
      const effective = input.effet ?? heldOn;
      if (input.issue === "glisser") {
        const problem = glissementDateProblem(effective, heldOn, today);
        if (problem) throw new UserError(problem, { date: effective, bound: heldOn, ref: mesure.reference });
      }
      // The bilan answers the latest one due by a month from its date; bilans missed before it
      // are superseded. A bilan held earlier than that is an extra one.
      const reached = mesure.echeances.filter(
        (e) =>
          !e.doneAt &&
          !e.cancelledAt &&
          BILAN_KINDS.includes(e.kind) &&
          e.dueDate <= addDays(heldOn, BILAN_WINDOW_DAYS),
      );
      const due = reached.at(-1) ?? null;
      let extendedTo: IsoDate | null = null;
      if (input.issue === "prolonger") {
        const newEnd = extendedEnd(mesure.entryDate, mesure.plannedEndDate, due?.kind ?? null, mesure.dispositif);
        if (!newEnd)
          throw new UserError("max_duration_reached", {
            ref: mesure.reference,
            months: mesure.dispositif.maxDurationMonths,
          });
        extendedTo = newEnd;
      }
      if (due) await repos.mesures.completeEcheance(due.id, now);
      await repos.mesures.cancelEcheances(
        reached.slice(0, -1).map((e) => e.id),
        now,
      );
      if (extendedTo && extendedTo !== mesure.plannedEndDate) {
        await repos.mesures.cancelPendingEcheances(mesure.id, now);
        await repos.mesures.update(mesure.id, { plannedEndDate: extendedTo });
        await repos.mesures.createEcheances(
          onWorkingDays(
            planAfterExtension(heldOn, extendedTo, mesure.dispositif),
            await holidayRegionOf(repos, actor.territoryId),
          ).map((e) => ({
            territoryId: actor.territoryId,
            mesureId: mesure.id,
            kind: e.kind,
            dueDate: e.dueDate,
          })),
          now,
        );
      }
      const endReason =
        input.issue === "glisser" ? "glissement" : input.issue === "fin" ? (input.raison ?? null) : null;
      const endDate = input.issue === "glisser" ? effective : heldOn;
      if (endReason) await repos.mesures.end(mesure.id, { endDate, endReason }, now);
      await repos.mesures.createBilan({
        territoryId: actor.territoryId,
        mesureId: mesure.id,
        echeanceId: due?.id ?? null,
        heldOn,
        outcome: input.issue,
        reason: input.motif ?? null,
        landlordPresent: input.bailleur ?? true,
        householdPresent: input.menage ?? true,
        workerPresent: input.travailleur ?? true,
        rentPaid: input.loyer,
        rentPaidRemark: input.loyer_remarque ?? null,
        situationStable: input.stabilite,
        situationStableRemark: input.stabilite_remarque ?? null,
        endReason: input.issue === "fin" ? (input.raison ?? null) : null,
        effectiveOn: input.issue === "glisser" ? effective : null,
        extendedTo,
        fiche: {
          echeance: due?.kind ?? null,
          dueDate: due?.dueDate ?? null,
          travail: input.travail ?? null,
          decision: input.issue,
          raison: input.raison ?? null,
        },
        recordedById: actor.memberId,
        ...(input.freins?.length ? { barriers: { create: input.freins.map((barrier) => ({ barrier })) } } : {}),
      });
      await repos.households.touch(mesure.householdId, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: endReason ? "mesure.ended" : "bilan.recorded",
          subjectType: "household",
          subjectRef: mesure.household.reference,
          details: { mesure: mesure.reference, issue: input.issue, raison: input.raison ?? null, extendedTo },
        },
        now,
      );
      return this.result(repos, actor, mesure.reference);
    });
  }

  /**
   * Ends a mesure outside a bilan (the household left, was rehoused elsewhere...): what was due
   * is cancelled, not counted as held, and the unit is free from the end date on.
   */
  end(actor: Actor, input: EndInput): Promise<MesureView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const mesure = await requireMesure(repos, actor.territoryId, input.mesure);
      requireRunning(mesure);
      const endDate = input.date ?? today;
      refuseIf(firstProblem(notBeforeEntry("fin", endDate, mesure.entryDate), notAfterToday(endDate, today)));
      await repos.mesures.end(mesure.id, { endDate, endReason: input.raison }, now);
      await repos.households.touch(mesure.householdId, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "mesure.ended",
          subjectType: "household",
          subjectRef: mesure.household.reference,
          details: { mesure: mesure.reference, raison: input.raison, bilan: false, motif: input.motif ?? null },
        },
        now,
      );
      return this.result(repos, actor, mesure.reference);
    });
  }

  /** Records the next follow-up review (every two months by default) as held. */
  recordSuivi(
    actor: Actor,
    reference: string,
    date: IsoDate | undefined,
    note: string | undefined,
  ): Promise<MesureView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const mesure = await requireMesure(repos, actor.territoryId, reference);
      requireRunning(mesure);
      const heldOn = date ?? today;
      refuseIf(firstProblem(notBeforeEntry("suivi", heldOn, mesure.entryDate), notAfterToday(heldOn, today)));
      const due = mesure.echeances.find((e) => !e.doneAt && !e.cancelledAt && e.kind === "suivi");
      if (!due) throw new UserError("no_suivi_due", { ref: mesure.reference });
      await repos.mesures.completeEcheance(due.id, now);
      await repos.mesures.createBilan({
        territoryId: actor.territoryId,
        mesureId: mesure.id,
        echeanceId: due.id,
        heldOn,
        outcome: "poursuivre",
        reason: note ?? null,
        fiche: { echeance: "suivi", dueDate: due.dueDate },
        recordedById: actor.memberId,
      });
      await repos.households.touch(mesure.householdId, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "suivi.recorded",
          subjectType: "household",
          subjectRef: mesure.household.reference,
          details: { mesure: mesure.reference },
        },
        now,
      );
      return this.result(repos, actor, mesure.reference);
    });
  }
}
