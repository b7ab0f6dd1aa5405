import type { Announced, Announcement, PostedMessage } from "../core/command.ts";
import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import type { SituationRecord } from "../db/repositories/situations.ts";
import { todayIn, yearOf, type IsoDate } from "../domain/calendar.ts";
import { waitingFor, type Urgency, type Waiting } from "../domain/comite.ts";
import { parseGrantSubject } from "../domain/grant-subject.ts";
import { announce } from "./announce.ts";
import { householdFor } from "./households.ts";
import { landlordFor } from "./landlords.ts";
import type { Actor } from "./types.ts";

type Category = SituationRecord["category"];
type Outcome = NonNullable<SituationRecord["outcome"]>;

export interface SituationInput {
  menage: string;
  bailleur: string;
  proprietaire?: string | undefined;
  categorie: Category;
  urgence: Urgency;
  resume: string;
}

export interface SituationView {
  reference: string;
  householdRef: string;
  /** The listed landlord's name; "" for a private owner, who is never named. */
  landlord: string;
  privateOwnerRef: string | null;
  category: Category;
  urgency: Urgency;
  summary: string;
  status: "ouverte" | "close";
  outcome: Outcome | null;
  createdAt: Date;
  createdOn: IsoDate;
  addedBy: string;
  waiting: Waiting;
  decisions: { text: string; by: string; at: Date }[];
  actions: { number: number; text: string; ownerId: string; ownerName: string; dueDate: IsoDate; done: boolean }[];
  message: PostedMessage | null;
}

export class SituationService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private async view(repos: Repositories, record: SituationRecord, timezone: string): Promise<SituationView> {
    const names = new Map<string, string>();
    const name = async (id: string) => {
      if (!names.has(id)) names.set(id, (await repos.members.findById(record.territoryId, id))?.displayName ?? "?");
      return names.get(id) ?? "?";
    };
    const decisions = [];
    for (const entry of record.entries.filter((e) => e.kind === "decision"))
      decisions.push({ text: entry.text, by: await name(entry.authorId), at: entry.createdAt });
    const openActions = record.actions.filter((a) => !a.doneAt).length;
    return {
      reference: record.reference,
      householdRef: record.household.reference,
      landlord: record.landlord,
      privateOwnerRef: record.privateOwnerRef,
      category: record.category,
      urgency: record.urgency,
      summary: record.summary,
      status: record.status,
      outcome: record.outcome,
      createdAt: record.createdAt,
      createdOn: todayIn(timezone, record.createdAt),
      addedBy: await name(record.addedById),
      waiting: waitingFor(decisions.length, openActions),
      decisions,
      actions: record.actions.map((a) => ({
        number: a.number,
        text: a.text,
        ownerId: a.owner.externalId,
        ownerName: a.owner.displayName,
        dueDate: a.dueDate,
        done: a.doneAt !== null,
      })),
      message:
        record.channelId && record.messageId ? { channelId: record.channelId, messageId: record.messageId } : null,
    };
  }

  private async require(repos: Repositories, territoryId: string, reference: string): Promise<SituationRecord> {
    const found = await repos.situations.find(territoryId, reference.toUpperCase());
    if (!found) throw new UserError("unknown_situation", { ref: reference });
    return found;
  }

  private async requireOpen(repos: Repositories, territoryId: string, reference: string): Promise<SituationRecord> {
    const found = await this.require(repos, territoryId, reference);
    if (found.status !== "ouverte") throw new UserError("situation_closed", { ref: found.reference });
    return found;
  }

  /** Its card for the comité (`announcement`) is planned in the same transaction. */
  add(
    actor: Actor,
    input: SituationInput,
    announcement?: Announcement<SituationView>,
  ): Promise<Announced<SituationView>> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const year = yearOf(todayIn(actor.timezone, now));
      const household = await householdFor(repos, actor, input.menage, {}, year, now);
      const landlord = await landlordFor(repos, actor.territoryId, input.bailleur, null, input.proprietaire);
      const created = await repos.situations.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "S", year),
        householdId: household.id,
        ...landlord,
        category: input.categorie,
        urgency: input.urgence,
        summary: input.resume,
        addedById: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "situation.added",
          subjectType: "household",
          subjectRef: household.reference,
          details: { situation: created.reference, urgency: input.urgence },
        },
        now,
      );
      const view = await this.view(
        repos,
        await this.require(repos, actor.territoryId, created.reference),
        actor.timezone,
      );
      return announce(repos, actor.territoryId, announcement, { kind: "situation", version: 1 }, view, now);
    });
  }

  decide(actor: Actor, reference: string, text: string): Promise<SituationView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const record = await this.requireOpen(repos, actor.territoryId, reference);
      await repos.situations.addEntry({
        territoryId: actor.territoryId,
        situationId: record.id,
        kind: "decision",
        text,
        authorId: actor.memberId,
        createdAt: now,
      });
      // The decision is the comité's: it links the situation to the meeting that examined it.
      const meeting = await repos.situations.lastMeeting(actor.territoryId, todayIn(actor.timezone, now));
      if (meeting) await repos.situations.update(record.id, { meetingId: meeting.id });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "situation.decision",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { situation: record.reference },
        },
        now,
      );
      return this.view(repos, await this.require(repos, actor.territoryId, record.reference), actor.timezone);
    });
  }

  private async owner(repos: Repositories, territoryId: string, typed: string) {
    const subject = parseGrantSubject(typed);
    const member = subject?.kind === "user" ? await repos.members.findByExternal(territoryId, subject.id) : null;
    if (!member) throw new UserError("unknown_member", { member: typed.slice(0, 60) });
    return member;
  }

  addAction(
    actor: Actor,
    reference: string,
    text: string,
    ownerTyped: string,
    dueDate: IsoDate,
  ): Promise<{ view: SituationView; number: number }> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      if (dueDate < todayIn(actor.timezone, now)) throw new UserError("due_date_past", { date: dueDate });
      const record = await this.requireOpen(repos, actor.territoryId, reference);
      const owner = await this.owner(repos, actor.territoryId, ownerTyped);
      const number = await repos.references.nextNumber(actor.territoryId, "A");
      await repos.situations.addAction({
        territoryId: actor.territoryId,
        number,
        situationId: record.id,
        text,
        ownerId: owner.id,
        dueDate,
        createdById: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "situation.action",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { situation: record.reference, action: number, owner: owner.externalId, dueDate },
        },
        now,
      );
      return {
        view: await this.view(repos, await this.require(repos, actor.territoryId, record.reference), actor.timezone),
        number,
      };
    });
  }

  /** The owner marks their own action done; an admin may too. */
  completeAction(actor: Actor, number: number, isAdmin: boolean): Promise<SituationView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const action = await repos.situations.findAction(actor.territoryId, number);
      if (!action) throw new UserError("unknown_action", { number });
      if (action.doneAt) throw new UserError("action_already_done", { number });
      if (action.ownerId !== actor.memberId && !isAdmin) throw new UserError("action_not_yours", { number });
      await repos.situations.updateAction(action.id, { doneAt: now, doneById: actor.memberId });
      const record = await this.require(repos, actor.territoryId, action.situation.reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "situation.action_done",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { situation: record.reference, action: number },
        },
        now,
      );
      return this.view(repos, await this.require(repos, actor.territoryId, record.reference), actor.timezone);
    });
  }

  reassignAction(actor: Actor, number: number, ownerTyped: string): Promise<SituationView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const action = await repos.situations.findAction(actor.territoryId, number);
      if (!action) throw new UserError("unknown_action", { number });
      if (action.doneAt) throw new UserError("action_already_done", { number });
      const owner = await this.owner(repos, actor.territoryId, ownerTyped);
      await repos.situations.updateAction(action.id, { ownerId: owner.id });
      const record = await this.require(repos, actor.territoryId, action.situation.reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "situation.action_reassigned",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { situation: record.reference, action: number, owner: owner.externalId },
        },
        now,
      );
      return this.view(repos, await this.require(repos, actor.territoryId, record.reference), actor.timezone);
    });
  }

  /** Closes with an outcome; open actions must be closed first, or explicitly closed with it. */
  close(actor: Actor, reference: string, outcome: Outcome, closeOpenActions: boolean): Promise<SituationView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const record = await this.require(repos, actor.territoryId, reference);
      if (record.status === "close") throw new UserError("situation_closed", { ref: record.reference });
      const open = record.actions.filter((a) => !a.doneAt);
      if (open.length > 0 && !closeOpenActions)
        throw new UserError("situation_has_open_actions", {
          ref: record.reference,
          count: open.length,
          actions: open.map((a) => `A-${a.number}`).join(", "),
        });
      if (
        !(await repos.situations.close(record.id, {
          status: "close",
          outcome,
          closedAt: now,
          closedById: actor.memberId,
        }))
      )
        throw new UserError("situation_closed", { ref: record.reference });
      const closedActions =
        open.length > 0 ? await repos.situations.closeOpenActions(record.id, actor.memberId, now) : 0;
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "situation.closed",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { situation: record.reference, outcome, closedActions },
        },
        now,
      );
      return this.view(repos, await this.require(repos, actor.territoryId, record.reference), actor.timezone);
    });
  }

  async list(actor: Actor, status: "ouverte" | "close" | undefined, limit = 100): Promise<SituationView[]> {
    const repos = readOnly(this.db);
    return Promise.all(
      (await repos.situations.list(actor.territoryId, status, limit)).map((r) => this.view(repos, r, actor.timezone)),
    );
  }

  /** The full record and its history, for one member; the read is audited. */
  read(
    actor: Actor,
    reference: string,
  ): Promise<{ view: SituationView; history: { action: string; actor: string; at: Date }[] }> {
    return inTransaction(this.db, async (repos) => {
      const record = await this.require(repos, actor.territoryId, reference);
      const events = await repos.audit.listForSubject(actor.territoryId, record.household.reference, 200);
      const history = [];
      for (const event of events
        .filter((e) => (e.details as Record<string, unknown> | null)?.situation === record.reference)
        .reverse()) {
        history.push({
          action: event.action,
          actor: event.actorId
            ? ((await repos.members.findById(actor.territoryId, event.actorId))?.displayName ?? "?")
            : "-",
          at: event.createdAt,
        });
      }
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.read",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { situation: record.reference },
        },
        this.clock.now(),
      );
      return { view: await this.view(repos, record, actor.timezone), history };
    });
  }
}
