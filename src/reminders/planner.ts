import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { addDays, todayIn } from "../domain/calendar.ts";
import {
  echeanceKeyTemplates,
  horizonDays,
  planReminders,
  type Reminder,
  type ReminderSettings,
} from "../domain/reminders.ts";

const DAY_MS = 86_400_000;

export interface PlanTarget {
  id: string;
  timezone: string;
  settings: ReminderSettings;
}

/**
 * Plans the reminders of `at` for many territories: one read per kind for all of them (through
 * indexes: only rows that can be due, and no échéance already reminded under the same key), then
 * the pure planner for each. The plan holds the day's new reminders (and any planned but not yet
 * given to a digest), not those already delivered.
 */
export async function planFor(
  db: DbClient,
  targets: readonly PlanTarget[],
  at: Date,
  /** false: every due reminder, delivered or not (what the run's read is checked against). */
  skipDelivered = true,
): Promise<Map<string, Reminder[]>> {
  // Territories on the same day with the same settings share their reads (usually all of them).
  const groups = new Map<string, PlanTarget[]>();
  for (const target of targets) {
    const group = `${todayIn(target.timezone, at)} ${JSON.stringify(target.settings)}`;
    groups.set(group, [...(groups.get(group) ?? []), target]);
  }
  const plans = new Map<string, Reminder[]>();
  for (const group of groups.values())
    for (const [id, plan] of await planGroup(db, group, at, skipDelivered)) plans.set(id, plan);
  return plans;
}

/** How far back the read skips échéances already reminded (older ones are read and planned as before). */
const KNOWN_PAST_DAYS = 92;

async function planGroup(
  db: DbClient,
  targets: readonly PlanTarget[],
  at: Date,
  skipDelivered: boolean,
): Promise<Map<string, Reminder[]>> {
  const today = todayIn(targets[0]!.timezone, at);
  const settings = targets[0]!.settings;
  const echeancesUntil = addDays(today, horizonDays(settings));
  const snapshots = await readOnly(db).reminders.snapshots(
    targets.map((t) => t.id),
    {
      echeancesUntil,
      echeanceKeys: skipDelivered
        ? echeanceKeyTemplates(today, settings, addDays(today, -KNOWN_PAST_DAYS), echeancesUntil)
        : [],
      submittedBefore: new Date(at.getTime() - (settings.candidatureWaitDays - 1) * DAY_MS),
      meetingsFrom: today,
      meetingsUntil: addDays(today, settings.agendaDaysBefore),
      before: today,
      incompleteBefore: new Date(at.getTime() - (settings.claimIncompleteDays - 1) * DAY_MS),
    },
  );
  const plans = new Map<string, Reminder[]>();
  for (const target of targets) {
    const raw = snapshots.get(target.id)!;
    const snapshot = {
      ...raw,
      candidatures: raw.candidatures.map((c) => ({ ...c, submittedOn: todayIn(target.timezone, c.submittedAt) })),
      claims: raw.claims.map((c) => ({
        reference: c.reference,
        incompleteSince: todayIn(target.timezone, c.incompleteAt),
      })),
    };
    plans.set(target.id, planReminders(snapshot, today, target.settings));
  }
  return plans;
}
