import { addDays, addMonths, type IsoDate } from "../domain/calendar.ts";
import { startsSettled } from "../domain/reminders.ts";
import { planEcheances } from "../domain/schedule.ts";
import type { DbClient } from "./client.ts";

/**
 * Generates a set of territories with a year of activity for the benchmarks: active mesures with
 * their échéances (past ones done), candidatures, comité situations and actions, claims and
 * advances, in proportion. Bulk inserts: this is tooling, not a use case.
 */
export interface GeneratedSet {
  territories: number;
  mesures: number;
  rows: number;
}

const DURATIONS = { firstBilanMonths: 6, secondBilanMonths: 10, slideDecisionMonths: 12, followUpMonths: 2 };
const CHUNK = 2000;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function generateTerritorySet(
  db: DbClient,
  options: { mesures: number; territories: number; today: IsoDate; prefix: string },
): Promise<GeneratedSet> {
  const perTerritory = Math.ceil(options.mesures / options.territories);
  const generatedAt = new Date(`${options.today}T12:00:00Z`);
  const year = Number(options.today.slice(0, 4));
  let rows = 0;
  for (let t = 0; t < options.territories; t++) {
    const territory = await db.territory.create({
      data: {
        platform: "slack",
        externalId: `${options.prefix}-T${t}`,
        name: `Territoire ${t}`,
        locale: "fr",
        timezone: "Europe/Paris",
      },
    });
    const member = await db.member.create({
      data: { territoryId: territory.id, externalId: `U${t}`, displayName: `Coordination ${t}` },
    });
    for (const purpose of ["ccas", "siao", "comite", "finance"] as const)
      await db.channelBinding.create({ data: { territoryId: territory.id, purpose, channelId: `C-${purpose}-${t}` } });
    const dispositif = await db.dispositif.create({ data: { territoryId: territory.id, code: "iml", name: "IML" } });
    await db.quota.create({ data: { dispositifId: dispositif.id, year, approved: perTerritory + 10 } });
    const households = [];
    const candidatures = [];
    const mesures = [];
    const echeances = [];
    for (let i = 0; i < perTerritory; i++) {
      const id = `${options.prefix}${t}h${i}`;
      // Entries spread over the past year, so échéances fall on every day.
      const entry = addDays(options.today, -((i * 7919) % 360) - 1);
      households.push({
        id,
        territoryId: territory.id,
        reference: `M-${year}-${i + 1}`,
        publicCible: "famille" as const,
        followerId: member.id,
      });
      candidatures.push({
        id: `${id}c`,
        territoryId: territory.id,
        reference: `C-${year}-${i + 1}`,
        householdId: id,
        dispositifId: dispositif.id,
        status: "validee" as const,
        hebergement: "chrs" as const,
        budgetTravaille: true,
        note: "",
        submittedById: member.id,
      });
      mesures.push({
        id: `${id}m`,
        territoryId: territory.id,
        reference: `IML-${year}-${i + 1}`,
        candidatureId: `${id}c`,
        householdId: id,
        dispositifId: dispositif.id,
        entryDate: entry,
        landlord: "Bailleur",
        parc: "public" as const,
        plannedEndDate: addMonths(entry, 12),
        openedById: member.id,
      });
      for (const e of planEcheances(entry, DURATIONS)) {
        const done = e.dueDate < options.today;
        echeances.push({
          territoryId: territory.id,
          mesureId: `${id}m`,
          kind: e.kind,
          dueDate: e.dueDate,
          doneAt: done ? new Date(`${e.dueDate}T12:00:00Z`) : null,
          // As the bot creates them: those done, and those due beyond any lead, start settled.
          ...(startsSettled({ dueDate: e.dueDate, closed: done }, generatedAt) ? { recheck: "" } : {}),
        });
      }
    }
    // Proportionate activity: a candidature waiting per 20 mesures, a situation with an action per 50,
    // a claim per 50, an advance per 100 (some of each overdue).
    const waiting = Array.from({ length: Math.ceil(perTerritory / 20) }, (_, i) => ({
      id: `${options.prefix}${t}w${i}`,
      i,
    }));
    const situations = Array.from({ length: Math.ceil(perTerritory / 50) }, (_, i) => i);
    await insertChunks(households, (chunk) => db.household.createMany({ data: chunk }));
    await insertChunks(candidatures, (chunk) => db.candidature.createMany({ data: chunk }));
    await insertChunks(mesures, (chunk) => db.mesure.createMany({ data: chunk }));
    await insertChunks(echeances, (chunk) => db.echeance.createMany({ data: chunk }));
    await db.candidature.createMany({
      data: waiting.map(({ id, i }) => ({
        id,
        territoryId: territory.id,
        reference: `C-${year}-W${i}`,
        householdId: `${options.prefix}${t}h${i}`,
        dispositifId: dispositif.id,
        hebergement: "chrs" as const,
        budgetTravaille: true,
        note: "",
        submittedById: member.id,
        submittedAt: new Date(`${addDays(options.today, -(i % 30))}T09:00:00Z`),
      })),
    });
    for (const i of situations) {
      const situation = await db.situation.create({
        data: {
          territoryId: territory.id,
          reference: `S-${year}-${i + 1}`,
          householdId: `${options.prefix}${t}h${i}`,
          landlord: "Bailleur",
          category: "impayes",
          urgency: "normale",
          summary: "Impayés.",
          addedById: member.id,
        },
      });
      await db.situationAction.create({
        data: {
          territoryId: territory.id,
          number: i + 1,
          situationId: situation.id,
          text: "Action",
          ownerId: member.id,
          dueDate: addDays(options.today, (i % 20) - 10),
          createdById: member.id,
        },
      });
      await db.securisationClaim.create({
        data: {
          territoryId: territory.id,
          reference: `SEC-${year}-${i + 1}`,
          category: "vacance",
          homeReference: `L-${i}`,
          claimedCents: 100_000,
          details: {},
          status: i % 2 ? "incomplete" : "soumise",
          declaredById: member.id,
          statusChangedAt: new Date(`${addDays(options.today, -(i % 40))}T09:00:00Z`),
        },
      });
      if (i % 2 === 0)
        await db.treasuryAdvance.create({
          data: {
            territoryId: territory.id,
            reference: `AV-${year}-${i + 1}`,
            requestedCents: 500_000,
            subsidy: "Subvention",
            funder: "DDETS",
            expectedPaymentDate: addDays(options.today, (i % 60) - 30),
            requestedById: member.id,
          },
        });
    }
    rows +=
      households.length +
      candidatures.length +
      mesures.length +
      echeances.length +
      waiting.length +
      situations.length * 4;
  }
  return { territories: options.territories, mesures: perTerritory * options.territories, rows };
}
