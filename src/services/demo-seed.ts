import type { Clock } from "../core/clock.ts";
import { ROLES } from "../core/roles.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, type Repositories } from "../db/repositories/index.ts";
import { addMonths, todayIn, yearOf } from "../domain/calendar.ts";
import { planEcheances, plannedEnd } from "../domain/schedule.ts";
import { CHANNEL_PURPOSES } from "../domain/vocabulary.ts";

export const CONSOLE_TERRITORY = "console-demo";
export const CONSOLE_MEMBER = "demo";
export const CONSOLE_CHANNEL = "console";

/** Clearly fictional landlords: nothing here refers to a real organisation or person. */
const DEMO_MESURES = [
  { dispositif: "sortie-structures", monthsAgo: 11, landlord: "Bailleur Fictif Habitat", parc: "public" },
  { dispositif: "sortie-structures", monthsAgo: 5, landlord: "Bailleur Fictif Habitat", parc: "public" },
  { dispositif: "sortie-structures", monthsAgo: 2, landlord: "Propriétaire Exemple", parc: "prive" },
  { dispositif: "dalo", monthsAgo: 9, landlord: "Office Imaginaire HLM", parc: "public" },
  { dispositif: "dalo", monthsAgo: 4, landlord: "Office Imaginaire HLM", parc: "public" },
] as const;

/**
 * Seeds the console's demo territory once: two dispositifs (10 and 5 mesures, some held), the demo
 * member with every role, and every purpose bound to the console channel.
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
      });
      const member = await repos.members.create({
        territoryId: territory.id,
        externalId: CONSOLE_MEMBER,
        displayName: "Démo",
        locale: null,
      });
      for (const role of ROLES) await repos.grants.grant(territory.id, "user", CONSOLE_MEMBER, role);
      for (const purpose of CHANNEL_PURPOSES) await repos.channels.bind(territory.id, purpose, CONSOLE_CHANNEL);
      const today = todayIn(options.timezone, now);
      const year = yearOf(today);
      const sortie = await repos.dispositifs.create({
        territoryId: territory.id,
        code: "sortie-structures",
        name: "IML Sortie de structures",
        requiresHousedByOperator: true,
      });
      const dalo = await repos.dispositifs.create({ territoryId: territory.id, code: "dalo", name: "IML DALO" });
      await repos.dispositifs.setQuota(sortie.id, year, 10);
      await repos.dispositifs.setQuota(dalo.id, year, 5);
      for (const demo of DEMO_MESURES) {
        const dispositif = demo.dispositif === "dalo" ? dalo : sortie;
        await this.seedMesure(repos, {
          territoryId: territory.id,
          memberId: member.id,
          dispositif,
          year,
          entryDate: addMonths(today, -demo.monthsAgo),
          landlord: demo.landlord,
          parc: demo.parc,
          now,
        });
      }
      await repos.audit.record({ territoryId: territory.id, actorId: null, action: "demo.seeded" }, now);
      return true;
    });
  }

  private async seedMesure(
    repos: Repositories,
    input: {
      territoryId: string;
      memberId: string;
      dispositif: {
        id: string;
        firstBilanMonths: number;
        secondBilanMonths: number;
        slideDecisionMonths: number;
        followUpMonths: number;
      };
      year: number;
      entryDate: string;
      landlord: string;
      parc: "public" | "prive";
      now: Date;
    },
  ): Promise<void> {
    const householdRef = await repos.references.next(input.territoryId, "M", input.year);
    const household = await repos.households.create({
      territoryId: input.territoryId,
      reference: householdRef,
      composition: "1 adulte",
      publicCible: "autre",
      resourceBracket: "minima_sociaux",
      followerId: input.memberId,
      lastContactAt: input.now,
    });
    const candidature = await repos.candidatures.create({
      territoryId: input.territoryId,
      reference: await repos.references.next(input.territoryId, "C", input.year),
      householdId: household.id,
      dispositifId: input.dispositif.id,
      status: "validee",
      hebergement: "chrs",
      budgetTravaille: true,
      note: "Dossier de démonstration (fictif).",
      submittedById: input.memberId,
      decidedById: input.memberId,
      decidedAt: input.now,
    });
    const mesure = await repos.mesures.create({
      territoryId: input.territoryId,
      reference: await repos.references.next(input.territoryId, "IML", input.year),
      candidatureId: candidature.id,
      householdId: household.id,
      dispositifId: input.dispositif.id,
      entryDate: input.entryDate,
      landlord: input.landlord,
      parc: input.parc,
      plannedEndDate: plannedEnd(input.entryDate, input.dispositif),
      openedById: input.memberId,
    });
    await repos.mesures.createEcheances(
      planEcheances(input.entryDate, input.dispositif).map((e) => ({
        territoryId: input.territoryId,
        mesureId: mesure.id,
        kind: e.kind,
        dueDate: e.dueDate,
      })),
    );
  }
}
