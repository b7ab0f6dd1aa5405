import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { digestCards, DIGEST_ITEMS_PER_MESSAGE } from "../cards/digest.ts";
import type { Clock } from "../core/clock.ts";
import type { ReminderPort } from "../core/command.ts";
import { toLocale, type I18n, type Translate } from "../core/i18n.ts";
import { ChannelGoneError } from "../core/platform-errors.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import type { LedgerRow } from "../db/repositories/reminders.ts";
import type { Reminder } from "../domain/reminders.ts";
import { readSettings } from "../domain/settings.ts";
import type { ChannelPurpose, PlatformName } from "../domain/vocabulary.ts";
import { planFor } from "./planner.ts";

export interface TerritoryRef {
  id: string;
  platform: PlatformName;
  timezone: string;
  locale: string;
  settings: unknown;
}

export interface DeliveryOptions {
  db: DbClient;
  clock: Clock;
  logger: Logger;
  i18n: I18n;
  /** Per connected platform, a port speaking the territory's language; filled in as platforms start. */
  ports: Partial<Record<PlatformName, (t: Translate) => ReminderPort>>;
  /** Pause between two posts in one channel (Slack asks for about one message per second). */
  channelIntervalMs?: Partial<Record<PlatformName, number>>;
  maxAttempts?: number;
  /** A digest taken this long ago and never marked sent was interrupted by a crash. */
  recoverAfterMs?: number;
  /** Fault injection for tests of crash recovery: runs right after a post, before it is marked sent. */
  faults?: { afterSend?(digestId: string): void | Promise<void> };
}

export interface RunReport {
  territoryId: string;
  slot: string;
  skipped?: "no_platform" | "slot_taken";
  planned: number;
  messages: number;
  sent: number;
  failed: number;
  recovered: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function newDigestId(now: Date): string {
  return `${now.getTime().toString(36)}${randomBytes(3).toString("hex")}`;
}

function digestTime(digestId: string): number {
  return parseInt(digestId.slice(0, -6), 36);
}

export const digestMarker = (digestId: string) => `#r-${digestId}`;

/**
 * One run of the reminders for one territory and one scheduled slot: recover interrupted digests,
 * plan, write the ledger, then post one digest per channel and mark it sent. The ledger keys make
 * every step safe to repeat: a restart, a crash or a second instance never posts a reminder twice.
 */
export class ReminderDelivery {
  constructor(private readonly options: DeliveryOptions) {}

  async run(territory: TerritoryRef, slot: Date): Promise<RunReport> {
    const { db, clock, logger } = this.options;
    const slotKey = slot.toISOString();
    const report: RunReport = { territoryId: territory.id, slot: slotKey, planned: 0, messages: 0, sent: 0, failed: 0, recovered: 0 };
    const makePort = this.options.ports[territory.platform];
    if (!makePort) return { ...report, skipped: "no_platform" };
    const port = makePort(this.options.i18n.translator(toLocale(territory.locale)));
    const repos = readOnly(db);
    if (!(await repos.reminders.takeLease(territory.id, slotKey, clock.now()))) return { ...report, skipped: "slot_taken" };

    report.recovered = await this.recover(territory, port);
    const settings = readSettings(territory.settings).reminders;
    // Planned as of the slot: a run caught up after a downtime posts what that run would have.
    const reminders = await planFor(db, territory, settings, slot);
    report.planned = reminders.length;

    const channels = new Map<ChannelPurpose, string | null>();
    for (const purpose of new Set(reminders.map((r) => r.purpose))) channels.set(purpose, await repos.channels.channelFor(territory.id, purpose));
    const byKey = new Map<string, Reminder>();
    const rows = [];
    for (const reminder of reminders) {
      const channelId = channels.get(reminder.purpose);
      if (!channelId) continue;
      const key = `${reminder.key}@${channelId}`;
      byKey.set(key, reminder);
      rows.push({ key, kind: reminder.kind, subjectRef: reminder.subjectRef, channelId });
    }
    for (const [purpose, channelId] of channels) {
      if (!channelId) await this.notice(territory, `unbound:${purpose}`, "reminders.unbound", { purpose });
    }
    await repos.reminders.record(territory.id, rows, clock.now());

    const waiting = (await repos.reminders.pending(territory.id)).filter((row) => row.digestId === null);
    await repos.reminders.abandon(territory.id, waiting.filter((row) => !byKey.has(row.key)).map((row) => row.id), "no longer due");
    const byChannel = new Map<string, LedgerRow[]>();
    for (const row of waiting.filter((r) => byKey.has(r.key))) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row]);

    for (const [channelId, channelRows] of byChannel) {
      const interval = this.options.channelIntervalMs?.[territory.platform] ?? 0;
      for (let i = 0; i < channelRows.length; i += DIGEST_ITEMS_PER_MESSAGE) {
        if (i > 0 && interval > 0) await sleep(interval);
        const outcome = await this.sendDigest(territory, port, channelId, channelRows.slice(i, i + DIGEST_ITEMS_PER_MESSAGE), byKey);
        if (outcome === "gone") {
          report.failed += channelRows.length - i;
          break;
        }
        if (outcome === "failed") report.failed += Math.min(DIGEST_ITEMS_PER_MESSAGE, channelRows.length - i);
        else if (outcome > 0) {
          report.messages++;
          report.sent += outcome;
        }
      }
    }
    logger.info({ ...report }, "reminders run");
    return report;
  }

  /** Posts one digest message; returns how many reminders it carried, or why it failed. */
  private async sendDigest(territory: TerritoryRef, port: ReminderPort, channelId: string, rows: LedgerRow[], byKey: Map<string, Reminder>): Promise<number | "failed" | "gone"> {
    const { db, clock, logger, i18n } = this.options;
    const repos = readOnly(db);
    const digestId = newDigestId(clock.now());
    const taken = await repos.reminders.claim(territory.id, rows.map((r) => r.id), digestId, channelId);
    if (taken.length === 0) return 0;
    const reminders = taken.map((row) => byKey.get(row.key)).filter((r): r is Reminder => r !== undefined);
    const locale = toLocale(territory.locale);
    const [message] = digestCards(reminders, reminders[0]!.purpose, digestMarker(digestId), i18n.translator(locale), locale);
    let posted;
    try {
      posted = await port.post(channelId, message!);
    } catch (error) {
      if (error instanceof ChannelGoneError) {
        await repos.reminders.abandon(territory.id, taken.map((r) => r.id), "channel gone");
        await this.notice(territory, `gone:${channelId}`, "reminders.channel_gone", { channelId });
        return "gone";
      }
      const giveUp = Math.max(...taken.map((r) => r.attempts)) + 1 >= (this.options.maxAttempts ?? 5);
      await repos.reminders.release(territory.id, digestId, error instanceof Error ? error.message : String(error), giveUp);
      logger.error({ err: error, territory: territory.id, channelId, digestId, giveUp }, "reminder digest not posted");
      return "failed";
    }
    // A crash here leaves the rows taken but not marked: the next run finds the message (recover).
    await this.options.faults?.afterSend?.(digestId);
    await repos.reminders.markSent(territory.id, digestId, posted.messageId, clock.now());
    return taken.length;
  }

  /**
   * Digests taken by an earlier run that never marked them sent (a crash between posting and
   * marking): if the platform has the message, mark it sent; otherwise send it again.
   */
  private async recover(territory: TerritoryRef, port: ReminderPort): Promise<number> {
    const { db, clock } = this.options;
    const repos = readOnly(db);
    const threshold = clock.now().getTime() - (this.options.recoverAfterMs ?? 120_000);
    const interrupted = new Map<string, LedgerRow[]>();
    for (const row of await repos.reminders.pending(territory.id)) {
      if (row.digestId && digestTime(row.digestId) <= threshold) interrupted.set(row.digestId, [...(interrupted.get(row.digestId) ?? []), row]);
    }
    let recovered = 0;
    for (const [digestId, rows] of interrupted) {
      const since = new Date(digestTime(digestId) - 60_000);
      const found = await port.findMessage(rows[0]!.channelId, digestMarker(digestId), since).catch(() => null);
      if (found) {
        await repos.reminders.markSent(territory.id, digestId, found, clock.now());
        recovered += rows.length;
      } else {
        await repos.reminders.release(territory.id, digestId, "interrupted before it was marked sent", false);
      }
    }
    return recovered;
  }

  /** An admin is told once (a log warning and an audit entry), and it shows in /rappels. */
  private async notice(territory: TerritoryRef, key: string, action: string, details: Record<string, string>): Promise<void> {
    const { db, clock, logger } = this.options;
    const repos = readOnly(db);
    if (await repos.reminders.noticeOnce(territory.id, key, clock.now())) {
      logger.warn({ territory: territory.id, ...details }, action);
      await repos.audit.record({ territoryId: territory.id, actorId: null, action, outcome: "failed", details }, clock.now());
    }
  }
}
