import type { Clock } from "../core/clock.ts";
import type { Announced, Announcement } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import { todayIn, yearOf, type IsoDate } from "../domain/calendar.ts";
import {
  categoryRule,
  claimDatesRule,
  claimPeriodRule,
  type ClaimFacts,
  type Eligibility,
} from "../domain/claim-rules.ts";
import type { ClaimCategory, ClaimStatus, Rules } from "../domain/securisation.ts";
import { readSettings } from "../domain/settings.ts";
import { HOUSEHOLD_REFERENCE } from "../domain/vocabulary.ts";
import { claimView, type ClaimView, loadClaimView, lockClaim, orRefuse } from "./claim-view.ts";
import { announce } from "./announce.ts";
import type { Actor } from "./types.ts";

/** A submitted claim's card for the finance channel: one per claim. */
const CLAIM_CARD = { kind: "claim", version: 1 } as const;

export type { ClaimView } from "./claim-view.ts";

/** What a declaration or a completion may carry; every field may be missing from a draft. */
export interface ClaimInput extends ClaimFacts {
  montant?: number;
  menage?: string;
  logement?: string;
}

/** The facts kept with the claim, by option name. */
const FACT_KEYS = [
  "du",
  "au",
  "loyer",
  "aide_refusee",
  "aide",
  "lien",
  "nature",
  "exceptionnel",
  "justification",
] as const satisfies readonly (keyof ClaimFacts)[];

function factsOf(input: ClaimInput, base: ClaimFacts = {}): ClaimFacts {
  const facts: Record<string, unknown> = { ...base };
  for (const key of FACT_KEYS) if (input[key] !== undefined) facts[key] = input[key];
  return facts as ClaimFacts;
}

interface Content {
  category: ClaimCategory;
  claimedCents: number | null;
  household: { id: string; reference: string } | null;
  homeReference: string | null;
  facts: ClaimFacts;
}

export class ClaimService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  private async rules(repos: Repositories, territoryId: string): Promise<Rules> {
    return readSettings((await repos.territories.findById(territoryId))?.settings).securisation;
  }

  private async household(repos: Repositories, territoryId: string, ref: string) {
    const reference = ref.toUpperCase();
    if (!HOUSEHOLD_REFERENCE.test(reference)) throw new UserError("invalid_household_reference", { ref });
    const found = await repos.households.find(territoryId, reference);
    if (!found) throw new UserError("unknown_household", { ref: reference });
    return { id: found.id, reference: found.reference };
  }

  /**
   * Everything the fund requires before a claim goes to it: an amount, a household or a home, the
   * rule of its category, and a period inside the household's mesure. Returns what the rules count.
   */
  private async checkSubmittable(repos: Repositories, content: Content, today: IsoDate, rules: Rules) {
    if (content.claimedCents === null) throw new UserError("claim_field_required_any", { option: "montant" });
    if (!content.household && !content.homeReference) throw new UserError("claim_needs_subject");
    orRefuse(claimDatesRule(content.facts, today));
    const eligibility = orRefuse(categoryRule(content.category, content.facts, today, rules));
    if (content.household && content.facts.du) {
      const mesures = await repos.claims.mesuresOf(content.household.id);
      orRefuse(claimPeriodRule({ from: content.facts.du, to: content.facts.au ?? today }, mesures, today));
    }
    return eligibility;
  }

  /**
   * Records a claim: as a draft (only what is given is checked: dates, free text), or submitted
   * to the fund, refused with the rule that blocks it when it does not meet the fund's rules.
   */
  declare(
    actor: Actor,
    category: ClaimCategory,
    input: ClaimInput,
    draft: boolean,
    announcement?: Announcement<ClaimView>,
  ): Promise<Announced<ClaimView>> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const content: Content = {
        category,
        claimedCents: input.montant ?? null,
        household: input.menage ? await this.household(repos, actor.territoryId, input.menage) : null,
        homeReference: input.logement ?? null,
        facts: factsOf(input),
      };
      orRefuse(claimDatesRule(content.facts, today));
      const eligibility: Eligibility | null = draft
        ? null
        : await this.checkSubmittable(repos, content, today, await this.rules(repos, actor.territoryId));
      const status: ClaimStatus = draft ? "brouillon" : "soumise";
      const created = await repos.claims.create({
        territoryId: actor.territoryId,
        reference: await repos.references.next(actor.territoryId, "SEC", yearOf(today)),
        category,
        householdId: content.household?.id ?? null,
        homeReference: content.homeReference,
        claimedCents: content.claimedCents,
        details: { ...content.facts },
        eligibility: eligibility ? { eligibility, outsideRules: null } : undefined,
        status,
        submittedOn: draft ? null : today,
        declaredById: actor.memberId,
        createdAt: now,
        statusChangedAt: now,
      });
      await repos.claims.addEvent({
        territoryId: actor.territoryId,
        claimId: created.id,
        fromStatus: null,
        toStatus: status,
        date: today,
        actorId: actor.memberId,
        createdAt: now,
      });
      if (content.household) await repos.households.touch(content.household.id, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: draft ? "claim.drafted" : "claim.declared",
          subjectType: content.household ? "household" : "claim",
          subjectRef: content.household?.reference ?? created.reference,
          details: { claim: created.reference, category, cents: content.claimedCents },
        },
        now,
      );
      const view = await loadClaimView(repos, actor.territoryId, created.reference);
      // A draft is the declarant's own until it is submitted: nothing is posted for it.
      return announce(repos, actor.territoryId, draft ? undefined : announcement, CLAIM_CARD, view, now);
    });
  }

  /**
   * Completes a draft, or a claim the fund found incomplete, with the options given (each replaces
   * the one before). An incomplete claim must still meet the fund's rules once completed.
   */
  complete(actor: Actor, reference: string, input: ClaimInput): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const record = await lockClaim(repos, actor.territoryId, reference);
      if (record.status !== "brouillon" && record.status !== "incomplete")
        throw new UserError("claim_not_editable", { ref: record.reference, status: record.status });
      const household = input.menage
        ? await this.household(repos, actor.territoryId, input.menage)
        : record.householdId && record.household
          ? { id: record.householdId, reference: record.household.reference }
          : null;
      const content: Content = {
        category: record.category,
        claimedCents: input.montant ?? record.claimedCents,
        household,
        homeReference: input.logement ?? record.homeReference,
        facts: factsOf(input, claimView(record).facts),
      };
      orRefuse(claimDatesRule(content.facts, today));
      const eligibility =
        record.status === "incomplete"
          ? await this.checkSubmittable(repos, content, today, await this.rules(repos, actor.territoryId))
          : null;
      await repos.claims.update(record.id, {
        householdId: household?.id ?? null,
        homeReference: content.homeReference,
        claimedCents: content.claimedCents,
        details: { ...content.facts },
        ...(eligibility ? { eligibility: { eligibility, outsideRules: null } } : {}),
      });
      if (household) await repos.households.touch(household.id, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "claim.completed",
          subjectType: household ? "household" : "claim",
          subjectRef: household?.reference ?? record.reference,
          details: { claim: record.reference, options: Object.keys(input).sort().join(",") },
        },
        now,
      );
      return loadClaimView(repos, actor.territoryId, record.reference);
    });
  }

  /** Sends a draft to the fund, today, once it meets the fund's rules; its card is planned with it. */
  submit(actor: Actor, reference: string, announcement?: Announcement<ClaimView>): Promise<Announced<ClaimView>> {
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const today = todayIn(actor.timezone, now);
      const record = await lockClaim(repos, actor.territoryId, reference);
      if (record.status !== "brouillon")
        throw new UserError("claim_bad_transition", { ref: record.reference, from: record.status, to: "soumise" });
      const view = claimView(record);
      const eligibility = await this.checkSubmittable(
        repos,
        {
          category: record.category,
          claimedCents: record.claimedCents,
          household:
            record.householdId && record.household
              ? { id: record.householdId, reference: record.household.reference }
              : null,
          homeReference: record.homeReference,
          facts: view.facts,
        },
        today,
        await this.rules(repos, actor.territoryId),
      );
      await repos.claims.update(record.id, {
        status: "soumise",
        statusChangedAt: now,
        submittedOn: today,
        eligibility: { eligibility, outsideRules: null },
      });
      await repos.claims.addEvent({
        territoryId: actor.territoryId,
        claimId: record.id,
        fromStatus: "brouillon",
        toStatus: "soumise",
        date: today,
        actorId: actor.memberId,
        createdAt: now,
      });
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "claim.submitted",
          subjectType: "claim",
          subjectRef: record.reference,
          details: { cents: record.claimedCents },
        },
        now,
      );
      const submitted = await loadClaimView(repos, actor.territoryId, record.reference);
      return announce(repos, actor.territoryId, announcement, CLAIM_CARD, submitted, now);
    });
  }

  async list(actor: Actor, statuses?: readonly ClaimStatus[], limit = 200): Promise<ClaimView[]> {
    return (await readOnly(this.db).claims.list(actor.territoryId, statuses, limit)).map((r) => claimView(r));
  }

  /** A claim's details (the household, the aids asked, the justification): every read is audited. */
  get(actor: Actor, reference: string): Promise<ClaimView> {
    return inTransaction(this.db, async (repos) => {
      const view = await loadClaimView(repos, actor.territoryId, reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.read",
          subjectType: view.householdRef ? "household" : "claim",
          subjectRef: view.householdRef ?? view.reference,
          details: { claim: view.reference },
        },
        this.clock.now(),
      );
      return view;
    });
  }
}
