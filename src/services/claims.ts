import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import type { ClaimChange, ClaimRecord } from "../db/repositories/securisation.ts";
import { todayIn, yearOf, type IsoDate } from "../domain/calendar.ts";
import {
  canMove,
  indicativeAmount,
  unpaidEligibility,
  vacancyEligibility,
  type ClaimCategory,
  type ClaimStatus,
} from "../domain/securisation.ts";
import { readSettings } from "../domain/settings.ts";
import { HOUSEHOLD_REFERENCE } from "../domain/vocabulary.ts";
import type { Actor } from "./types.ts";

export interface ClaimInput {
  categorie: ClaimCategory;
  montant: number;
  menage?: string;
  logement?: string;
  du?: IsoDate;
  au?: IsoDate;
  loyer?: number;
  aide_refusee?: boolean;
  aide?: string;
  lien?: "dette_locative" | "expulsion";
  justification?: string;
}

/** What the bot computed against the fund's rules, stored with the claim and shown to finance. */
export type Eligibility =
  | {
      kind: "vacance";
      from: IsoDate | null;
      to: IsoDate | null;
      months: number;
      capped: boolean;
      stillVacant: boolean;
      indicativeCents: number | null;
      maxMonths: number;
    }
  | {
      kind: "impayes";
      months: string[];
      counted: string[];
      capped: boolean;
      indicativeCents: number | null;
      maxMonths: number;
    }
  | { kind: "justified" };

export interface ClaimView {
  reference: string;
  category: ClaimCategory;
  householdRef: string | null;
  homeRef: string | null;
  claimedCents: number;
  status: ClaimStatus;
  eligibility: Eligibility;
  outsideRules: string | null;
  missing: string | null;
  rejectionReason: string | null;
  acceptedCents: number | null;
  paidCents: number | null;
  paidOn: IsoDate | null;
  createdAt: Date;
  statusChangedAt: Date;
}

function view(record: ClaimRecord): ClaimView {
  const stored = (record.eligibility ?? { eligibility: { kind: "justified" }, outsideRules: null }) as {
    eligibility: Eligibility;
    outsideRules: string | null;
  };
  return {
    reference: record.reference,
    category: record.category,
    householdRef: record.household?.reference ?? null,
    homeRef: record.homeReference,
    claimedCents: record.claimedCents,
    status: record.status,
    eligibility: stored.eligibility,
    outsideRules: stored.outsideRules,
    missing: record.missing,
    rejectionReason: record.rejectionReason,
    acceptedCents: record.acceptedCents,
    paidCents: record.paidCents,
    paidOn: record.paidOn,
    createdAt: record.createdAt,
    statusChangedAt: record.statusChangedAt,
  };
}

export class ClaimService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private async require(repos: Repositories, territoryId: string, reference: string): Promise<ClaimRecord> {
    const found = await repos.claims.find(territoryId, reference.toUpperCase());
    if (!found) throw new UserError("unknown_claim", { ref: reference });
    return found;
  }

  /** Records a claim; one outside the fund's rules is kept, flagged with the reason: the fund decides. */
  declare(actor: Actor, input: ClaimInput): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      if (!input.menage && !input.logement) throw new UserError("claim_needs_subject");
      if (input.du && input.au && input.au < input.du)
        throw new UserError("end_before_start", { start: input.du, end: input.au });
      if ((input.du && input.du > today) || (input.au && input.au > today))
        throw new UserError("claim_in_future", { date: input.au ?? input.du ?? "" });
      const territory = await repos.territories.findById(actor.territoryId);
      const rules = readSettings(territory?.settings).securisation;
      let household: { id: string; reference: string } | null = null;
      if (input.menage) {
        const reference = input.menage.toUpperCase();
        if (!HOUSEHOLD_REFERENCE.test(reference))
          throw new UserError("invalid_household_reference", { ref: input.menage });
        household = await repos.households.find(actor.territoryId, reference);
        if (!household) throw new UserError("unknown_household", { ref: reference });
      }
      let eligibility: Eligibility = { kind: "justified" };
      let outsideRules: string | null = null;
      if (input.categorie === "vacance" && input.du) {
        const result = vacancyEligibility(input.du, input.au, today, rules);
        eligibility = {
          kind: "vacance",
          from: result.from,
          to: result.to,
          months: result.months,
          capped: result.capped,
          stillVacant: result.stillVacant,
          indicativeCents: indicativeAmount(input.loyer, result.months),
          maxMonths: rules.vacancyMaxMonths,
        };
        outsideRules = result.outsideRules;
      } else if (input.categorie === "impayes" && input.du && input.au) {
        const result = unpaidEligibility(input.du, input.au, rules);
        eligibility = {
          kind: "impayes",
          ...result,
          indicativeCents: indicativeAmount(input.loyer, result.counted.length),
          maxMonths: rules.impayesMaxMonths,
        };
      }
      const details = Object.fromEntries(
        Object.entries({
          du: input.du,
          au: input.au,
          loyer: input.loyer,
          aide: input.aide,
          aide_refusee: input.aide_refusee,
          lien: input.lien,
          justification: input.justification,
        }).filter(([, v]) => v !== undefined),
      );
      const created = await repos.claims.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "SEC", yearOf(today)),
        category: input.categorie,
        householdId: household?.id ?? null,
        homeReference: input.logement ?? null,
        claimedCents: input.montant,
        details,
        eligibility: { eligibility, outsideRules },
        outsideRules: outsideRules !== null,
        status: "soumise",
        declaredById: actor.memberId,
        createdAt: now,
        statusChangedAt: now,
      });
      if (household) await repos.households.touch(household.id, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "claim.declared",
          subjectType: household ? "household" : "claim",
          subjectRef: household?.reference ?? created.reference,
          details: { claim: created.reference, category: input.categorie, cents: input.montant, outsideRules },
        },
        now,
      );
      return view(await this.require(repos, actor.territoryId, created.reference));
    });
  }

  /** Moves a claim along the fund's process, with what each step needs. */
  move(
    actor: Actor,
    reference: string,
    to: ClaimStatus,
    facts: { missing?: string; reason?: string; cents?: number; date?: IsoDate },
  ): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const record = await this.require(repos, actor.territoryId, reference);
      if (!canMove(record.status, to))
        throw new UserError("claim_bad_transition", { ref: record.reference, from: record.status, to });
      const data: ClaimChange = { status: to, statusChangedAt: now };
      if (to === "incomplete") data.missing = facts.missing ?? null;
      if (to === "en_instruction") data.missing = null;
      if (to === "rejetee") data.rejectionReason = facts.reason ?? null;
      if (to === "acceptee") {
        if (facts.cents === undefined || facts.cents > record.claimedCents)
          throw new UserError("accepted_above_claimed", { ref: record.reference, claimedCents: record.claimedCents });
        data.acceptedCents = facts.cents;
      }
      if (to === "payee") {
        const accepted = record.acceptedCents ?? 0;
        if (facts.cents === undefined || facts.cents > accepted)
          throw new UserError("paid_above_accepted", { ref: record.reference, acceptedCents: accepted });
        const paidOn = facts.date ?? todayIn(actor.timezone, now);
        if (paidOn > todayIn(actor.timezone, now)) throw new UserError("claim_in_future", { date: paidOn });
        data.paidCents = facts.cents;
        data.paidOn = paidOn;
      }
      if (!(await repos.claims.transition(record.id, record.status, data)))
        throw new UserError("claim_changed_meanwhile", { ref: record.reference });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: `claim.${to}`,
          subjectType: "claim",
          subjectRef: record.reference,
          details: { from: record.status, cents: facts.cents ?? null },
        },
        now,
      );
      return view(await this.require(repos, actor.territoryId, record.reference));
    });
  }

  async list(actor: Actor, statuses?: readonly ClaimStatus[], limit = 200): Promise<ClaimView[]> {
    return (await readOnly(this.db).claims.list(actor.territoryId, statuses, limit)).map(view);
  }

  /** A claim's details (the household, the aids asked, the justification): every read is audited. */
  get(actor: Actor, reference: string): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const record = await this.require(repos, actor.territoryId, reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.read",
          subjectType: record.household ? "household" : "claim",
          subjectRef: record.household?.reference ?? record.reference,
          details: { claim: record.reference },
        },
        this.clock.now(),
      );
      return view(record);
    });
  }
}
