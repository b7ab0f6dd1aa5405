import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { addDays, todayIn } from "../domain/calendar.ts";
import { horizonDays, planReminders, type Reminder, type ReminderSettings } from "../domain/reminders.ts";

const DAY_MS = 86_400_000;

/** Reads what can be due for one territory (by index) and plans the reminders of `now`. */
export async function planFor(db: DbClient, territory: { id: string; timezone: string }, settings: ReminderSettings, now: Date): Promise<Reminder[]> {
  const today = todayIn(territory.timezone, now);
  const raw = await readOnly(db).reminders.snapshot(territory.id, {
    echeancesUntil: addDays(today, horizonDays(settings)),
    submittedBefore: new Date(now.getTime() - (settings.candidatureWaitDays - 1) * DAY_MS),
    meetingsFrom: today,
    meetingsUntil: addDays(today, settings.agendaDaysBefore),
    today,
    incompleteBefore: new Date(now.getTime() - (settings.claimIncompleteDays - 1) * DAY_MS),
  });
  return planReminders(
    {
      ...raw,
      candidatures: raw.candidatures.map((c) => ({ ...c, submittedOn: todayIn(territory.timezone, c.submittedAt) })),
      claims: raw.claims.map((c) => ({ reference: c.reference, incompleteSince: todayIn(territory.timezone, c.incompleteAt) })),
    },
    today,
    settings,
  );
}
