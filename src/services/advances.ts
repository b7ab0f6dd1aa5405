import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import type { AdvanceChange, AdvanceRecord } from "../db/repositories/securisation.ts";
import { addDays, todayIn, yearOf, type IsoDate } from "../domain/calendar.ts";
import { ADVANCE_PENDING, advanceBalance, type AdvanceStatus } from "../domain/securisation.ts";
import type { Actor } from "./types.ts";

export interface AdvanceView {
  reference: string;
  status: AdvanceStatus;
  requestedCents: number;
  grantedCents: number | null;
  disbursedCents: number | null;
  repaidCents: number;
  balanceCents: number;
  subsidy: string;
  funder: string;
  expectedPaymentDate: IsoDate;
  overdue: boolean;
  movements: { kind: string; cents: number; date: IsoDate }[];
}

/** A subsidy expected more than three years ahead is a typing mistake. */
const MAX_EXPECTED_AHEAD_DAYS = 3 * 366;

export class AdvanceService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private view(record: AdvanceRecord, today: IsoDate): AdvanceView {
    const balanceCents = advanceBalance(record);
    return {
      reference: record.reference,
      status: record.status,
      requestedCents: record.requestedCents,
      grantedCents: record.grantedCents,
      disbursedCents: record.disbursedCents,
      repaidCents: record.repaidCents,
      balanceCents,
      subsidy: record.subsidy,
      funder: record.funder,
      expectedPaymentDate: record.expectedPaymentDate,
      overdue: ADVANCE_PENDING.includes(record.status) && record.expectedPaymentDate < today,
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

  request(
    actor: Actor,
    input: { montant: number; subvention: string; financeur: string; date_prevue: IsoDate },
  ): Promise<AdvanceView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = this.today(actor);
      if (input.date_prevue > addDays(today, MAX_EXPECTED_AHEAD_DAYS))
        throw new UserError("expected_date_too_far", { date: input.date_prevue });
      const created = await repos.advances.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "AV", yearOf(today)),
        requestedCents: input.montant,
        subsidy: input.subvention,
        funder: input.financeur,
        expectedPaymentDate: input.date_prevue,
        requestedById: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "advance.requested",
          subjectType: "advance",
          subjectRef: created.reference,
          details: { cents: input.montant },
        },
        now,
      );
      return this.view(await this.require(repos, actor.territoryId, created.reference), today);
    });
  }

  /**
   * One step of an advance: granted (amount, default what was asked), disbursed (default what was
   * granted), repaid (partial repayments allowed, never above the balance), or refused.
   */
  step(
    actor: Actor,
    reference: string,
    step: "accorder" | "verser" | "rembourser" | "refuser",
    cents: number | undefined,
    date: IsoDate | undefined,
  ): Promise<AdvanceView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = this.today(actor);
      const on = date ?? today;
      if (on > today) throw new UserError("movement_in_future", { date: on });
      const record = await this.require(repos, actor.territoryId, reference);
      const expected: Record<typeof step, AdvanceStatus> = {
        accorder: "demandee",
        refuser: "demandee",
        verser: "accordee",
        rembourser: "versee",
      };
      if (record.status !== expected[step])
        throw new UserError("advance_bad_transition", { ref: record.reference, status: record.status, step });
      let data: AdvanceChange;
      let amount = 0;
      if (step === "accorder") {
        amount = cents ?? record.requestedCents;
        if (amount > record.requestedCents)
          throw new UserError("granted_above_requested", {
            ref: record.reference,
            requestedCents: record.requestedCents,
          });
        data = { status: "accordee", grantedCents: amount };
      } else if (step === "verser") {
        amount = cents ?? record.grantedCents ?? record.requestedCents;
        if (amount > (record.grantedCents ?? record.requestedCents))
          throw new UserError("disbursed_above_granted", {
            ref: record.reference,
            grantedCents: record.grantedCents ?? record.requestedCents,
          });
        data = { status: "versee", disbursedCents: amount };
      } else if (step === "rembourser") {
        const balance = advanceBalance(record);
        if (cents === undefined)
          throw new UserError("repayment_amount_required", { ref: record.reference, balanceCents: balance });
        if (cents > balance)
          throw new UserError("repayment_above_balance", { ref: record.reference, balanceCents: balance });
        amount = cents;
        data = { repaidCents: record.repaidCents + cents, ...(cents === balance ? { status: "remboursee" } : {}) };
      } else {
        data = { status: "refusee" };
      }
      if (!(await repos.advances.transition(record.id, record.status, record.repaidCents, data)))
        throw new UserError("advance_changed_meanwhile", { ref: record.reference });
      if (step !== "refuser")
        await repos.advances.addMovement({
          territoryId: actor.territoryId,
          advanceId: record.id,
          kind: step,
          amountCents: amount,
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
          details: { cents: amount, date: on },
        },
        now,
      );
      return this.view(await this.require(repos, actor.territoryId, record.reference), today);
    });
  }

  /** Advances requested, granted or disbursed and not fully repaid; soonest expected subsidy first. */
  async pending(actor: Actor, limit = 500): Promise<AdvanceView[]> {
    const today = this.today(actor);
    return (await readOnly(this.db).advances.list(actor.territoryId, ADVANCE_PENDING, limit)).map((r) =>
      this.view(r, today),
    );
  }

  async get(actor: Actor, reference: string): Promise<AdvanceView> {
    return this.view(await this.require(readOnly(this.db), actor.territoryId, reference), this.today(actor));
  }
}
