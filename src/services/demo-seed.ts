import { randomUUID } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { isPrivateOwner } from "../domain/landlord.ts";
import { landlordFor } from "./landlords.ts";
import { ROLES } from "../core/roles.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, type Repositories } from "../db/repositories/index.ts";
import type { DispositifRow } from "../db/repositories/dispositifs.ts";
import { addDays, addMonths, todayIn, yearOf, type IsoDate } from "../domain/calendar.ts";
import { planAfterExtension } from "../domain/mesure.ts";
import { agrementYear } from "../domain/quota.ts";
import { onWorkingDays, planEcheances, plannedEnd, type PlannedEcheance } from "../domain/schedule.ts";
import { CHANNEL_PURPOSES, COMPOSITIONS } from "../domain/vocabulary.ts";

export const CONSOLE_TERRITORY = "console-demo";
export const CONSOLE_MEMBER = "demo";
export const CONSOLE_CHANNEL = "console";

type DemoEnd = { reason: "glissement" } | { reason: "depart"; daysAgo: number };

/**
 * A territory in the middle of its year, relative to today. Clearly fictional landlords: nothing
 * here refers to a real organisation or person. What was due before today was held, except on
 * the mesure marked `overdue` (one late follow-up, as in any real caseload).
 */
const DEMO_MESURES: {
  dispositif: "sortie-structures" | "dalo";
  daysAgo: number;
  landlord: string;
  parc: "public" | "prive";
  overdue?: boolean;
  end?: DemoEnd;
}[] = [
  { dispositif: "sortie-structures", daysAgo: 330, landlord: "Bailleur Fictif Habitat", parc: "public" },
  { dispositif: "sortie-structures", daysAgo: 165, landlord: "Bailleur Fictif Habitat", parc: "public" },
  { dispositif: "sortie-structures", daysAgo: 57, landlord: "prive", parc: "prive" },
  { dispositif: "dalo", daysAgo: 275, landlord: "Office Imaginaire HLM", parc: "public" },
  { dispositif: "dalo", daysAgo: 128, landlord: "Office Imaginaire HLM", parc: "public", overdue: true },
  {
    dispositif: "sortie-structures",
    daysAgo: 380,
    landlord: "Bailleur Fictif Habitat",
    parc: "public",
    end: { reason: "glissement" },
  },
  {
    dispositif: "dalo",
    daysAgo: 210,
    landlord: "prive",
    parc: "prive",
    end: { reason: "depart", daysAgo: 30 },
  },
];

/** Candidatures at each step: waiting for the SIAO, adjourned, refused, validated and not yet housed. */
const DEMO_CANDIDATURES = [
  { dispositif: "dalo", daysAgo: 2, decision: null },
  {
    dispositif: "sortie-structures",
    daysAgo: 12,
    decision: { status: "ajournee", daysAgo: 9, reason: "Manque l'avis du référent CHRS." },
  },
  {
    dispositif: "dalo",
    daysAgo: 20,
    decision: { status: "refusee", daysAgo: 15, reason: "Hors critères du dispositif." },
  },
  { dispositif: "sortie-structures", daysAgo: 8, decision: { status: "validee", daysAgo: 3, reason: null } },
] as const;

interface Seed {
  repos: Repositories;
  territoryId: string;
  memberId: string;
  year: number;
  today: IsoDate;
  now: Date;
}

const dayMs = 86_400_000;

/**
 * Seeds the console's demo territory once: two dispositifs with this year's and next year's
 * quotas, mesures in each state, candidatures at each step, the demo member with every role,
 * and every purpose bound to the console channel.
 */
export class DemoSeeder {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /** Returns true when it seeded, false when the demo territory already existed. */
  ensure(options: { locale: string; timezone: string }): Promise<boolean> {
    return inTransaction(this.db, async (repos) => {
      if (await repos.territories.findByExternal("console", CONSOLE_TERRITORY)) return false;
      const now = this.clock.now();
      const territory = await repos.territories.create({
        platform: "console",
        externalId: CONSOLE_TERRITORY,
        name: "Territoire de démonstration (fictif)",
        locale: options.locale,
        timezone: options.timezone,
        createdAt: now,
      });
      const member = await repos.members.create({
        territoryId: territory.id,
        externalId: CONSOLE_MEMBER,
        displayName: "Démo",
        locale: null,
      });
      for (const role of ROLES) await repos.grants.grant(territory.id, "user", CONSOLE_MEMBER, role);
      for (const purpose of CHANNEL_PURPOSES) await repos.channels.bind(territory.id, purpose, CONSOLE_CHANNEL);
      // The territory's landlords; a private owner ("prive") is never named, only referenced.
      for (const name of ["Bailleur Fictif", "Bailleur Fictif Habitat", "Office Imaginaire HLM"])
        await repos.landlords.create(territory.id, name, "public");
      const today = todayIn(options.timezone, now);
      const seed: Seed = { repos, territoryId: territory.id, memberId: member.id, year: yearOf(today), today, now };
      const sortie = await repos.dispositifs.create({
        territoryId: territory.id,
        code: "sortie-structures",
        name: "IML Sortie de structures",
        requiresHousedByOperator: true,
      });
      const dalo = await repos.dispositifs.create({ territoryId: territory.id, code: "dalo", name: "IML DALO" });
      const current = agrementYear(today, sortie.agrementStartMonth);
      for (const [dispositif, approved] of [
        [sortie, 10],
        [dalo, 5],
      ] as const) {
        await repos.dispositifs.setQuota(dispositif.id, current, approved);
        await repos.dispositifs.setQuota(dispositif.id, current + 1, approved);
      }
      const byCode = (code: string) => (code === "dalo" ? dalo : sortie);
      for (const demo of DEMO_MESURES) await this.seedMesure(seed, byCode(demo.dispositif), demo);
      for (const demo of DEMO_CANDIDATURES) {
        const household = await this.household(seed);
        await this.candidature(seed, byCode(demo.dispositif), household, demo.daysAgo, demo.decision);
      }
      await repos.audit.record({ territoryId: territory.id, actorId: null, action: "demo.seeded" }, now);
      return true;
    });
  }

  private async household(seed: Seed): Promise<string> {
    const reference = await seed.repos.references.next(seed.territoryId, "M", seed.year);
    const household = await seed.repos.households.create({
      territoryId: seed.territoryId,
      reference,
      // Households of every composition, so the activity report has something to count.
      composition: COMPOSITIONS[Number(reference.slice(-3)) % COMPOSITIONS.length],
      publicCible: "autre",
      resourceBracket: "minima_sociaux",
      followerId: seed.memberId,
      lastContactAt: seed.now,
    });
    return household.id;
  }

  private async candidature(
    seed: Seed,
    dispositif: DispositifRow,
    householdId: string,
    daysAgo: number,
    decision: { status: "validee" | "refusee" | "ajournee"; daysAgo: number; reason: string | null } | null,
  ): Promise<string> {
    const { repos, territoryId, memberId, now } = seed;
    const submittedAt = new Date(now.getTime() - daysAgo * dayMs);
    const decidedAt = decision ? new Date(now.getTime() - decision.daysAgo * dayMs) : null;
    const created = await repos.candidatures.create({
      territoryId,
      reference: await repos.references.next(territoryId, "C", seed.year),
      householdId,
      dispositifId: dispositif.id,
      status: decision?.status ?? "soumise",
      hebergement: "chrs",
      budgetTravaille: true,
      note: "Dossier de démonstration (fictif).",
      submittedById: memberId,
      submittedAt,
      decidedById: decision ? memberId : null,
      decidedAt,
      decisionReason: decision?.reason ?? null,
    });
    await repos.candidatures.addEvent({
      territoryId,
      candidatureId: created.id,
      kind: "deposee",
      byId: memberId,
      at: submittedAt,
    });
    if (decision && decidedAt)
      await repos.candidatures.addEvent({
        territoryId,
        candidatureId: created.id,
        kind: decision.status,
        byId: memberId,
        at: decidedAt,
        text: decision.reason,
      });
    return created.id;
  }

  /** A mesure with what was due held (bilans with their decisions), as a real caseload would have it. */
  private async seedMesure(seed: Seed, dispositif: DispositifRow, demo: (typeof DEMO_MESURES)[number]) {
    const { repos, territoryId, memberId, today, now } = seed;
    const householdId = await this.household(seed);
    const candidatureId = await this.candidature(seed, dispositif, householdId, demo.daysAgo + 20, {
      status: "validee",
      daysAgo: demo.daysAgo + 10,
      reason: null,
    });
    const entryDate = addDays(today, -demo.daysAgo);
    let end = plannedEnd(entryDate, dispositif);
    const mesure = await repos.mesures.create({
      territoryId,
      reference: await repos.references.next(territoryId, "IML", seed.year),
      candidatureId,
      householdId,
      dispositifId: dispositif.id,
      entryDate,
      ...(await landlordFor(
        repos,
        territoryId,
        demo.landlord,
        demo.parc,
        isPrivateOwner(demo.landlord) ? "PP-001" : undefined,
      )),
      parc: demo.parc,
      plannedEndDate: end,
      openedById: memberId,
    });
    const endOn = demo.end?.reason === "depart" ? addDays(today, -demo.end.daysAgo) : null;
    let plan: PlannedEcheance[] = onWorkingDays(planEcheances(entryDate, dispositif), "metropole");
    const overdue = demo.overdue ? plan.filter((e) => e.dueDate < today).at(-1) : undefined;
    let status: "active" | "terminee" = "active";
    let endDate: IsoDate | null = null;
    for (let i = 0; i < plan.length; i++) {
      const e = plan[i];
      if (!e || e.dueDate >= today || e === overdue || (endOn && e.dueDate >= endOn) || status !== "active") continue;
      const id = randomUUID();
      const outcome =
        e.kind === "suivi"
          ? "poursuivre"
          : e.kind === "bilan_10" && demo.end?.reason === "glissement"
            ? "glisser"
            : "prolonger";
      await repos.mesures.createEcheances(
        [{ id, territoryId, mesureId: mesure.id, kind: e.kind, dueDate: e.dueDate, doneAt: now }],
        now,
      );
      let extendedTo: IsoDate | null = null;
      if (outcome === "prolonger" && e.kind === "bilan_10") {
        // Prolonged at the 10-month bilan: the slide decision moves to 12 + 6 months.
        extendedTo = addMonths(end, dispositif.extensionMonths);
        end = extendedTo;
        plan = [
          ...plan.slice(0, i + 1),
          ...onWorkingDays(planAfterExtension(e.dueDate, extendedTo, dispositif), "metropole"),
        ];
      }
      if (outcome === "glisser") {
        status = "terminee";
        endDate = end;
      }
      await repos.mesures.createBilan({
        territoryId,
        mesureId: mesure.id,
        echeanceId: id,
        heldOn: e.dueDate,
        outcome,
        ...(e.kind === "suivi"
          ? {}
          : {
              landlordPresent: true,
              householdPresent: true,
              workerPresent: true,
              rentPaid: "oui" as const,
              situationStable: outcome === "glisser" ? ("oui" as const) : ("partiellement" as const),
              extendedTo,
              effectiveOn: outcome === "glisser" ? end : null,
            }),
        fiche: { echeance: e.kind, dueDate: e.dueDate, decision: outcome },
        recordedById: memberId,
      });
    }
    const pending = plan.filter((e) => e.dueDate >= today || e === overdue || (endOn !== null && e.dueDate >= endOn));
    const ended = status === "terminee" || endOn !== null;
    await repos.mesures.createEcheances(
      pending.map((e) => ({
        territoryId,
        mesureId: mesure.id,
        kind: e.kind,
        dueDate: e.dueDate,
        ...(ended ? { cancelledAt: now } : {}),
      })),
      now,
    );
    if (endOn) await repos.mesures.end(mesure.id, { endDate: endOn, endReason: "depart" }, now);
    else if (status === "terminee")
      await repos.mesures.end(
        mesure.id,
        { endDate: endDate ?? end, endReason: "glissement", plannedEndDate: end },
        now,
      );
    else if (end !== mesure.plannedEndDate) await repos.mesures.update(mesure.id, { plannedEndDate: end });
  }
}
