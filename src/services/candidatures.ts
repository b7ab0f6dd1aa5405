import type { Announced, Announcement, PostedMessage } from "../core/command.ts";
import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import type { CandidatureRecord } from "../db/repositories/candidatures.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import { todayIn, yearOf } from "../domain/calendar.ts";
import { decisionProblem, isHousedByOperator } from "../domain/candidature.ts";
import type { CandidatureDecision, Composition, ResourceBracket } from "../domain/vocabulary.ts";
import type { CandidatureEventKind } from "../db/repositories/candidatures.ts";
import { announce } from "./announce.ts";
import { householdFor } from "./households.ts";
import type { Actor } from "./types.ts";

export interface CandidatureInput {
  menage: string;
  dispositif: string;
  public: "jeune_18_25" | "homme_seul" | "famille" | "femme_victime_violences" | "autre";
  hebergement: "chrs" | "alt" | "pension_de_famille" | "autre";
  ressources: ResourceBracket;
  budget: boolean;
  composition: Composition;
  note: string;
}

/** Everything a card or a detail view shows; `detail` must never reach a channel message. */
export interface CandidatureView {
  reference: string;
  householdRef: string;
  dispositifCode: string;
  dispositifName: string;
  status: CandidatureRecord["status"];
  submittedAt: Date;
  submittedBy: string;
  submissionCount: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  mesureRef: string | null;
  message: PostedMessage | null;
  /** Deposits, adjournments with what was missing, resubmissions, the decision: only in `read`. */
  history?: { kind: CandidatureEventKind; at: Date; by: string; text: string | null }[];
  detail: {
    publicCible: string | null;
    composition: string | null;
    resources: string | null;
    hebergement: string;
    budget: boolean;
    note: string;
  };
}

export class CandidatureService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private async view(repos: Repositories, record: CandidatureRecord): Promise<CandidatureView> {
    const name = async (id: string | null) =>
      id ? ((await repos.members.findById(record.territoryId, id))?.displayName ?? "?") : null;
    return {
      reference: record.reference,
      householdRef: record.household.reference,
      dispositifCode: record.dispositif.code,
      dispositifName: record.dispositif.name,
      status: record.status,
      submittedAt: record.submittedAt,
      submittedBy: (await name(record.submittedById)) ?? "?",
      submissionCount: record.submissionCount,
      decidedBy: await name(record.decidedById),
      decidedAt: record.decidedAt,
      decisionReason: record.decisionReason,
      mesureRef: record.mesure?.reference ?? null,
      message:
        record.channelId && record.messageId ? { channelId: record.channelId, messageId: record.messageId } : null,
      detail: {
        publicCible: record.household.publicCible,
        composition: record.household.composition,
        resources: record.household.resourceBracket,
        hebergement: record.hebergement,
        budget: record.budgetTravaille,
        note: record.note,
      },
    };
  }

  private async require(repos: Repositories, territoryId: string, reference: string): Promise<CandidatureRecord> {
    const found = await repos.candidatures.find(territoryId, reference.toUpperCase());
    if (!found) throw new UserError("unknown_candidature", { ref: reference });
    return found;
  }

  /** Its card for the SIAO (`announcement`) is planned in the same transaction. */
  submit(
    actor: Actor,
    input: CandidatureInput,
    announcement?: Announcement<CandidatureView>,
  ): Promise<Announced<CandidatureView>> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const year = yearOf(todayIn(actor.timezone, now));
      const dispositif = await repos.dispositifs.findByCode(actor.territoryId, input.dispositif.toLowerCase());
      if (!dispositif) {
        const known = (await repos.dispositifs.list(actor.territoryId)).map((d) => d.code).join(", ");
        throw new UserError("unknown_dispositif", { code: input.dispositif, known: known || "-" });
      }
      if (dispositif.requiresHousedByOperator && !isHousedByOperator(input.hebergement)) {
        throw new UserError("not_housed_by_operator", { dispositif: dispositif.name });
      }
      const household = await householdFor(
        repos,
        actor,
        input.menage,
        { composition: input.composition, publicCible: input.public, resourceBracket: input.ressources },
        year,
        now,
      );
      const pending = await repos.candidatures.pendingFor(household.id, dispositif.id);
      if (pending)
        throw new UserError("candidature_already_pending", { household: household.reference, ref: pending.reference });
      const created = await repos.candidatures.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "C", year),
        householdId: household.id,
        dispositifId: dispositif.id,
        hebergement: input.hebergement,
        budgetTravaille: input.budget,
        note: input.note,
        submittedById: actor.memberId,
        submittedAt: now,
      });
      await repos.candidatures.addEvent({
        territoryId: actor.territoryId,
        candidatureId: created.id,
        kind: "deposee",
        byId: actor.memberId,
        at: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "candidature.submitted",
          subjectType: "household",
          subjectRef: household.reference,
          details: { candidature: created.reference, dispositif: dispositif.code },
        },
        now,
      );
      return this.announced(repos, actor, await this.view(repos, created), announcement, now);
    });
  }

  decide(
    actor: Actor,
    reference: string,
    decision: CandidatureDecision,
    reason: string | undefined,
  ): Promise<CandidatureView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const record = await this.require(repos, actor.territoryId, reference);
      const problem = decisionProblem(record.status, decision, reason);
      if (problem === "not_awaiting_decision")
        throw new UserError("candidature_already_decided", { ref: record.reference, status: record.status });
      if (problem === "reason_required")
        throw new UserError(decision === "refusee" ? "refusal_reason_required" : "adjournment_reason_required", {
          ref: record.reference,
        });
      const moved = await repos.candidatures.transition(record.id, "soumise", {
        status: decision,
        decidedById: actor.memberId,
        decidedAt: now,
        decisionReason: reason?.trim() || null,
      });
      if (!moved)
        throw new UserError("candidature_already_decided", {
          ref: record.reference,
          status: (await this.require(repos, actor.territoryId, record.reference)).status,
        });
      await repos.candidatures.addEvent({
        territoryId: actor.territoryId,
        candidatureId: record.id,
        kind: decision,
        byId: actor.memberId,
        at: now,
        text: reason?.trim() || null,
      });
      await repos.households.touch(record.householdId, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: `candidature.${decision}`,
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { candidature: record.reference },
        },
        now,
      );
      return this.view(repos, await this.require(repos, actor.territoryId, record.reference));
    });
  }

  /** The view with the card of its current submission planned, in the caller's transaction. */
  private async announced(
    repos: Repositories,
    actor: Actor,
    view: CandidatureView,
    announcement: Announcement<CandidatureView> | undefined,
    now: Date,
  ): Promise<Announced<CandidatureView>> {
    return announce(
      repos,
      actor.territoryId,
      announcement,
      { kind: "candidature", version: view.submissionCount },
      view,
      now,
    );
  }

  /**
   * An adjourned candidature comes back to the SIAO with what was missing: a new submission, whose
   * card (`announcement`) is planned in the same transaction.
   */
  resubmit(
    actor: Actor,
    reference: string,
    note: string | undefined,
    announcement?: Announcement<CandidatureView>,
  ): Promise<Announced<CandidatureView>> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const record = await this.require(repos, actor.territoryId, reference);
      if (record.status !== "ajournee")
        throw new UserError("candidature_not_adjourned", { ref: record.reference, status: record.status });
      const moved = await repos.candidatures.transition(record.id, "ajournee", {
        status: "soumise",
        submissionCount: record.submissionCount + 1,
        submittedAt: now,
        decidedById: null,
        decidedAt: null,
        decisionReason: null,
        ...(note ? { note } : {}),
      });
      if (!moved)
        throw new UserError("candidature_not_adjourned", {
          ref: record.reference,
          status: (await this.require(repos, actor.territoryId, record.reference)).status,
        });
      await repos.candidatures.addEvent({
        territoryId: actor.territoryId,
        candidatureId: record.id,
        kind: "redeposee",
        byId: actor.memberId,
        at: now,
        text: note ?? null,
      });
      await repos.households.touch(record.householdId, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "candidature.resubmitted",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { candidature: record.reference },
        },
        now,
      );
      const view = await this.view(repos, await this.require(repos, actor.territoryId, record.reference));
      return this.announced(repos, actor, view, announcement, now);
    });
  }

  async list(
    territoryId: string,
    status: CandidatureRecord["status"] | undefined,
    limit = 50,
  ): Promise<CandidatureView[]> {
    const repos = readOnly(this.db);
    const rows = await repos.candidatures.list(territoryId, status, limit);
    return Promise.all(rows.map((row) => this.view(repos, row)));
  }

  /** Reads one candidature with its household's details: the read itself is audited. */
  read(actor: Actor, reference: string): Promise<CandidatureView> {
    return inTransaction(this.db, async (repos) => {
      const record = await this.require(repos, actor.territoryId, reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.read",
          subjectType: "household",
          subjectRef: record.household.reference,
          details: { candidature: record.reference },
        },
        this.clock.now(),
      );
      const view = await this.view(repos, record);
      const names = new Map<string, string>();
      const history = [];
      for (const event of await repos.candidatures.history(record.id)) {
        if (!names.has(event.byId))
          names.set(event.byId, (await repos.members.findById(record.territoryId, event.byId))?.displayName ?? "?");
        history.push({ kind: event.kind, at: event.at, by: names.get(event.byId) ?? "?", text: event.text });
      }
      return { ...view, history };
    });
  }

  /** Current state without the audited read (to re-render a channel card). */
  async current(territoryId: string, reference: string): Promise<CandidatureView> {
    const repos = readOnly(this.db);
    return this.view(repos, await this.require(repos, territoryId, reference));
  }
}
