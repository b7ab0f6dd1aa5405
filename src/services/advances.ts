import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import type { AdvanceRecord } from "../db/repositories/securisation.ts";
import { addDays, todayIn, yearOf, type IsoDate } from "../domain/calendar.ts";
import {
  ADVANCE_PENDING,
  advanceOutstanding,
  advanceOverdue,
  advanceRequestRule,
  type AdvanceStatus,
  type AdvanceStep,
  advanceStepRule,
  type FunderTotal,
  totalsByFunder,
} from "../domain/advances.ts";
import { orRefuse } from "./claim-view.ts";
import type { Actor } from "./types.ts";

export interface AdvanceView {
  reference: string;
  status: AdvanceStatus;
  requestedCents: number;
  grantedCents: number | null;
  disbursedCents: number | null;
  repaidCents: number;
  /** "Reste dû": null until disbursed. */
  outstandingCents: number | null;
  subsidy: string;
  funder: string;
  expectedPaymentDate: IsoDate;
  overdue: boolean;
  refusalReason: string | null;
  movements: { kind: string; cents: number; date: IsoDate }[];
}

/** A subsidy expected more than three years ahead is a typing mistake. */
const MAX_EXPECTED_AHEAD_DAYS = 3 * 366;

/** The request's date: its "demander" step, or its creation for rows older than the steps. */
function requestedOn(record: AdvanceRecord): IsoDate {
  return record.movements.find((m) => m.kind === "demander")?.date ?? record.createdAt.toISOString().slice(0, 10);
}

function lastStepDate(record: AdvanceRecord): IsoDate {
  // ISO dates sort as text: the last one is the latest.
  return [requestedOn(record), ...record.movements.map((m) => m.date)].sort().at(-1) ?? requestedOn(record);
}

export class AdvanceService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private view(record: AdvanceRecord, today: IsoDate): AdvanceView {
    return {
      reference: record.reference,
      status: record.status,
      requestedCents: record.requestedCents,
      grantedCents: record.grantedCents,
      disbursedCents: record.disbursedCents,
      repaidCents: record.repaidCents,
      outstandingCents: advanceOutstanding(record),
      subsidy: record.subsidy,
      funder: record.funder,
      expectedPaymentDate: record.expectedPaymentDate,
      overdue: advanceOverdue(record, today),
      refusalReason: record.refusalReason,
      movements: record.movements.map((m) => ({ kind: m.kind, cents: m.amountCents, date: m.date })),
    };
  }

  private async require(repos: Repositories, territoryId: string, reference: string): Promise<AdvanceRecord> {
    const found = await repos.advances.find(territoryId, reference.toUpperCase());
    if (!found) throw new UserError("unknown_advance", { ref: reference });
    return found;
  }

  private today(actor: Actor): IsoDate {
    return todayIn(actor.timezone, this.clock.now());
  }

  /** A request, dated (default today), for the subsidy it bridges and when that is expected. */
  request(
    actor: Actor,
    input: { montant: number; subvention: string; financeur: string; date_prevue: IsoDate; date?: IsoDate },
  ): Promise<AdvanceView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = this.today(actor);
      const on = orRefuse(advanceRequestRule(input.date ?? today, input.date_prevue, today));
      if (input.date_prevue > addDays(today, MAX_EXPECTED_AHEAD_DAYS))
        throw new UserError("expected_date_too_far", { date: input.date_prevue });
      const created = await repos.advances.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "AV", yearOf(on)),
        requestedCents: input.montant,
        subsidy: input.subvention,
        funder: input.financeur,
        expectedPaymentDate: input.date_prevue,
        requestedById: actor.memberId,
        createdAt: now,
      });
      await repos.advances.addMovement({
        territoryId: actor.territoryId,
        advanceId: created.id,
        kind: "demander",
        amountCents: input.montant,
        date: on,
        recordedById: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "advance.requested",
          subjectType: "advance",
          subjectRef: created.reference,
          details: { cents: input.montant, date: on },
        },
        now,
      );
      return this.view(await this.require(repos, actor.territoryId, created.reference), today);
    });
  }

  /**
   * One dated step of an advance: granted, refused (with a reason), disbursed, or a repayment.
   * The advance is locked first, so two steps recorded at once are checked one after the other.
   */
  step(
    actor: Actor,
    reference: string,
    step: AdvanceStep,
    input: { cents?: number; date?: IsoDate; reason?: string },
  ): Promise<AdvanceView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = this.today(actor);
      if (!(await repos.advances.lock(actor.territoryId, reference.toUpperCase())))
        throw new UserError("unknown_advance", { ref: reference });
      const record = await this.require(repos, actor.territoryId, reference);
      const on = input.date ?? today;
      const change = orRefuse(
        advanceStepRule(
          record.reference,
          { ...record, lastStepDate: lastStepDate(record) },
          step,
          { ...(input.cents === undefined ? {} : { cents: input.cents }), date: on },
          today,
        ),
      );
      const { movementCents, ...data } = change;
      await repos.advances.update(record.id, {
        ...data,
        ...(step === "refuser" && input.reason ? { refusalReason: input.reason } : {}),
      });
      await repos.advances.addMovement({
        territoryId: actor.territoryId,
        advanceId: record.id,
        kind: step,
        amountCents: movementCents,
        date: on,
        recordedById: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: `advance.${step}`,
          subjectType: "advance",
          subjectRef: record.reference,
          details: { cents: movementCents, date: on },
        },
        now,
      );
      return this.view(await this.require(repos, actor.territoryId, record.reference), today);
    });
  }

  /** Advances requested, granted or disbursed and not fully repaid (soonest expected subsidy first), and per funder. */
  async pending(actor: Actor, limit = 500): Promise<{ advances: AdvanceView[]; funders: FunderTotal[] }> {
    const today = this.today(actor);
    const records = await readOnly(this.db).advances.list(actor.territoryId, ADVANCE_PENDING, limit);
    return { advances: records.map((r) => this.view(r, today)), funders: totalsByFunder(records, today) };
  }

  async get(actor: Actor, reference: string): Promise<AdvanceView> {
    return this.view(await this.require(readOnly(this.db), actor.territoryId, reference), this.today(actor));
  }
}
