import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import { addDays, todayIn } from "../domain/calendar.ts";
import { cronMatches, parseCron, wallClock } from "../domain/cron.ts";
import { canonicalSubject, reminderTarget, type ReminderTarget } from "../domain/reminder-subject.ts";
import { maySnooze, REMINDER_PURPOSE, type ReminderKind } from "../domain/reminders.ts";
import { readSettings } from "../domain/settings.ts";
import { CHANNEL_PURPOSES } from "../domain/vocabulary.ts";
import type { Actor } from "./types.ts";

export interface RunSummary {
  planned: number;
  messages: number;
  sent: number;
  failed: number;
  skipped?: string;
}

/** What the command side knows of reminders: the schedule, snoozes, and a run on demand. */
export class ReminderService {
  private runner: ((territoryId: string) => Promise<RunSummary | null>) | undefined;

  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /** Set by the composition root once the scheduler exists. */
  setRunner(runner: (territoryId: string) => Promise<RunSummary | null>): void {
    this.runner = runner;
  }

  async overview(actor: Actor) {
    const repos = readOnly(this.db);
    const territory = await repos.territories.findById(actor.territoryId);
    const settings = readSettings(territory?.settings).reminders;
    const channels = new Map((await repos.channels.list(actor.territoryId)).map((b) => [b.purpose, b.channelId]));
    const schedule = parseCron(settings.cron);
    // The next slot, looked for minute by minute over the coming eight days.
    let next: Date | null = null;
    const start = Math.ceil(this.clock.now().getTime() / 60_000) * 60_000;
    for (let t = start; schedule && t < start + 8 * 86_400_000; t += 60_000) {
      if (cronMatches(schedule, wallClock(new Date(t), actor.timezone))) {
        next = new Date(t);
        break;
      }
    }
    return {
      settings,
      next,
      channels: CHANNEL_PURPOSES.map((purpose) => ({ purpose, channelId: channels.get(purpose) ?? null })),
      notices: await repos.reminders.notices(actor.territoryId),
    };
  }

  /** Snoozes one reminder; its subject must name a record of this territory, never free text. */
  async snooze(
    actor: Actor,
    roles: ReadonlySet<string>,
    kind: ReminderKind,
    typed: string,
    days: number,
  ): Promise<string> {
    if (!maySnooze(kind, roles)) {
      await readOnly(this.db).audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "reminder.snoozed",
          outcome: "refused",
          details: { kind, purpose: REMINDER_PURPOSE[kind] },
        },
        this.clock.now(),
      );
      throw new UserError("snooze_forbidden", { purpose: `$t(common:purpose.${REMINDER_PURPOSE[kind]})` });
    }
    const until = addDays(todayIn(actor.timezone, this.clock.now()), days);
    const subjectRef = canonicalSubject(kind, typed);
    await inTransaction(this.db, async (repos) => {
      if (!(await targetExists(repos, actor.territoryId, reminderTarget(kind, typed))))
        throw new UserError("unknown_reminder_subject", { subject: subjectRef, kind });
      await repos.reminders.snooze(actor.territoryId, kind, subjectRef, until, actor.memberId);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "reminder.snoozed",
          details: { kind, subject: subjectRef, until },
        },
        this.clock.now(),
      );
    });
    return until;
  }

  /** The outbox as an admin sees it: how many messages in each state, and those to look at. */
  async outboxStatus(actor: Actor) {
    // A planned message older than a day is late: something keeps it from going out.
    return readOnly(this.db).outbox.status(actor.territoryId, new Date(this.clock.now().getTime() - 86_400_000));
  }

  /**
   * An admin's word on a message whose outcome nobody could read (uncertain) or that was given up
   * (failed): "posted" closes it as sent; otherwise it goes back to the outbox, with its key.
   */
  async resolveOutbox(actor: Actor, key: string, posted: boolean): Promise<void> {
    await inTransaction(this.db, async (repos) => {
      const row = await repos.outbox.resolve(actor.territoryId, key, posted, this.clock.now());
      if (!row) throw new UserError("outbox_not_open", { key });
      // A digest's rows follow its outbox row again: posted after all, or planned to be sent again.
      await repos.reminders.reopenDigest(actor.territoryId, key);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: posted ? "outbox.confirmed" : "outbox.resent",
          details: { key, channel: row.channelId, was: row.state },
        },
        this.clock.now(),
      );
    });
  }

  runNow(actor: Actor): Promise<RunSummary | null> {
    return this.runner ? this.runner(actor.territoryId) : Promise.resolve(null);
  }
}

async function targetExists(repos: Repositories, territoryId: string, target: ReminderTarget | null): Promise<boolean> {
  if (!target) return false;
  switch (target.entity) {
    case "mesure":
      return (await repos.mesures.find(territoryId, target.reference)) !== null;
    case "candidature":
      return (await repos.candidatures.find(territoryId, target.reference)) !== null;
    case "meeting":
      return (await repos.situations.findMeeting(territoryId, target.date)) !== null;
    case "action":
      return (await repos.situations.findAction(territoryId, target.number)) !== null;
    case "advance":
      return (await repos.advances.find(territoryId, target.reference)) !== null;
    case "claim":
      return (await repos.claims.find(territoryId, target.reference)) !== null;
  }
}
