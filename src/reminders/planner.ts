import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { addDays, todayIn } from "../domain/calendar.ts";
import { horizonDays, planReminders, type Reminder, type ReminderSettings } from "../domain/reminders.ts";

const DAY_MS = 86_400_000;

export interface PlanTarget {
  id: string;
  timezone: string;
  settings: ReminderSettings;
}

/**
 * Plans the reminders of `at` for many territories: one read per kind for all of them (through
 * indexes: only rows that can be due), then the pure planner for each.
 */
export async function planFor(
  db: DbClient,
  targets: readonly PlanTarget[],
  at: Date,
): Promise<Map<string, Reminder[]>> {
  if (targets.length === 0) return new Map();
  const days = targets.map((t) => todayIn(t.timezone, at)).sort();
  const [first, last] = [days[0]!, days[days.length - 1]!];
  const max = (pick: (s: ReminderSettings) => number) => Math.max(...targets.map((t) => pick(t.settings)));
  const min = (pick: (s: ReminderSettings) => number) => Math.min(...targets.map((t) => pick(t.settings)));
  const snapshots = await readOnly(db).reminders.snapshots(
    targets.map((t) => t.id),
    {
      echeancesUntil: addDays(last, max(horizonDays)),
      submittedBefore: new Date(at.getTime() - (min((s) => s.candidatureWaitDays) - 1) * DAY_MS),
      meetingsFrom: first,
      meetingsUntil: addDays(
        last,
        max((s) => s.agendaDaysBefore),
      ),
      before: last,
      incompleteBefore: new Date(at.getTime() - (min((s) => s.claimIncompleteDays) - 1) * DAY_MS),
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
    plans.set(target.id, planReminders(snapshot, todayIn(target.timezone, at), target.settings));
  }
  return plans;
}
