import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { digestCards, DIGEST_ITEMS_PER_MESSAGE } from "../cards/digest.ts";
import type { Clock } from "../core/clock.ts";
import type { PostedMessage, ReminderPort, ReminderPortFactory } from "../core/command.ts";
import { toLocale, type I18n } from "../core/i18n.ts";
import { ChannelGoneError } from "../core/platform-errors.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import type { LedgerRow } from "../db/repositories/reminders.ts";
import type { Reminder } from "../domain/reminders.ts";
import { readSettings } from "../domain/settings.ts";
import type { PlatformName } from "../domain/vocabulary.ts";
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
  ports: Partial<Record<PlatformName, ReminderPortFactory>>;
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
 * One run of the reminders for a scheduled slot, for every territory it concerns: recover
 * interrupted digests, plan, write the ledger, then post one digest per channel and mark it sent.
 * Reads and ledger writes are batched across territories, so a run costs what is due, not the
 * number of territories. The ledger keys make every step safe to repeat: a restart, a crash or a
 * second instance never posts a reminder twice.
 */
export class ReminderDelivery {
  constructor(private readonly options: DeliveryOptions) {}

  async run(territory: TerritoryRef, slot: Date): Promise<RunReport> {
    return (await this.runMany([territory], slot))[0]!;
  }

  async runMany(territories: readonly TerritoryRef[], slot: Date): Promise<RunReport[]> {
    const { db, clock, logger } = this.options;
    const repos = readOnly(db);
    const slotKey = slot.toISOString();
    const reports = new Map<string, RunReport>(
      territories.map((t) => [
        t.id,
        { territoryId: t.id, slot: slotKey, planned: 0, messages: 0, sent: 0, failed: 0, recovered: 0 },
      ]),
    );
    const owned: { territory: TerritoryRef; port: ReminderPort }[] = [];
    for (const territory of territories) {
      const makePort = this.options.ports[territory.platform];
      const port = makePort
        ? await makePort(this.options.i18n.translator(toLocale(territory.locale)), territory)
        : null;
      if (!port) reports.get(territory.id)!.skipped = "no_platform";
      else if (!(await repos.reminders.takeLease(territory.id, slotKey, clock.now())))
        reports.get(territory.id)!.skipped = "slot_taken";
      else owned.push({ territory, port });
    }
    if (owned.length === 0) return [...reports.values()];
    const ids = owned.map((o) => o.territory.id);

    for (const { territory, port } of owned) reports.get(territory.id)!.recovered = await this.recover(territory, port);
    // Planned as of the slot: a run caught up after a downtime posts what that run would have.
    const plans = await planFor(
      db,
      owned.map((o) => ({
        id: o.territory.id,
        timezone: o.territory.timezone,
        settings: readSettings(o.territory.settings).reminders,
      })),
      slot,
    );
    const bindings = new Map(
      (await repos.reminders.bindings(ids)).map((b) => [`${b.territoryId} ${b.purpose}`, b.channelId]),
    );
    const byKey = new Map<string, Reminder>();
    const rows = [];
    for (const { territory } of owned) {
      const reminders = plans.get(territory.id) ?? [];
      reports.get(territory.id)!.planned = reminders.length;
      for (const purpose of new Set(reminders.map((r) => r.purpose))) {
        if (!bindings.has(`${territory.id} ${purpose}`))
          await this.notice(territory, `unbound:${purpose}`, "reminders.unbound", { purpose });
      }
      for (const reminder of reminders) {
        const channelId = bindings.get(`${territory.id} ${reminder.purpose}`);
        if (!channelId) continue;
        const key = `${reminder.key}@${channelId}`;
        byKey.set(`${territory.id} ${key}`, reminder);
        rows.push({ territoryId: territory.id, key, kind: reminder.kind, subjectRef: reminder.subjectRef, channelId });
      }
    }
    await repos.reminders.record(rows, clock.now());

    const waiting = (await repos.reminders.pending(ids)).filter((row) => row.digestId === null);
    await repos.reminders.abandon(
      waiting.filter((row) => !byKey.has(`${row.territoryId} ${row.key}`)).map((row) => row.id),
      "no longer due",
    );
    const groups = new Map<string, LedgerRow[]>();
    for (const row of waiting.filter((r) => byKey.has(`${r.territoryId} ${r.key}`))) {
      const group = `${row.territoryId} ${row.channelId}`;
      groups.set(group, [...(groups.get(group) ?? []), row]);
    }
    const ports = new Map(owned.map((o) => [o.territory.id, o]));
    for (const channelRows of groups.values()) {
      const { territory, port } = ports.get(channelRows[0]!.territoryId)!;
      const report = reports.get(territory.id)!;
      const interval = this.options.channelIntervalMs?.[territory.platform] ?? 0;
      for (let i = 0; i < channelRows.length; i += DIGEST_ITEMS_PER_MESSAGE) {
        if (i > 0 && interval > 0) await sleep(interval);
        const part = channelRows.slice(i, i + DIGEST_ITEMS_PER_MESSAGE);
        const outcome = await this.sendDigest(territory, port, part, (row) =>
          byKey.get(`${row.territoryId} ${row.key}`),
        );
        if (outcome === "gone") {
          report.failed += channelRows.length - i;
          break;
        }
        if (outcome === "failed") report.failed += part.length;
        else if (outcome > 0) {
          report.messages++;
          report.sent += outcome;
        }
      }
    }
    for (const report of reports.values()) if (!report.skipped) logger.info({ ...report }, "reminders run");
    return [...reports.values()];
  }

  /** Posts one digest message; returns how many reminders it carried, or why it failed. */
  private async sendDigest(
    territory: TerritoryRef,
    port: ReminderPort,
    rows: LedgerRow[],
    reminderOf: (row: LedgerRow) => Reminder | undefined,
  ): Promise<number | "failed" | "gone"> {
    const { db, clock, logger, i18n } = this.options;
    const repos = readOnly(db);
    const channelId = rows[0]!.channelId;
    const digestId = newDigestId(clock.now());
    const taken = new Set(
      await repos.reminders.claim(
        territory.id,
        rows.map((r) => r.id),
        digestId,
        channelId,
      ),
    );
    const mine = rows.filter((r) => taken.has(r.id));
    if (mine.length === 0) return 0;
    const reminders = mine.map(reminderOf).filter((r): r is Reminder => r !== undefined);
    const locale = toLocale(territory.locale);
    const [message] = digestCards(
      reminders,
      reminders[0]!.purpose,
      digestMarker(digestId),
      i18n.translator(locale),
      locale,
    );
    let posted: PostedMessage;
    try {
      posted = await port.post(channelId, message!);
    } catch (error) {
      if (error instanceof ChannelGoneError) {
        await repos.reminders.abandon(
          mine.map((r) => r.id),
          "channel gone",
        );
        await this.notice(territory, `gone:${channelId}`, "reminders.channel_gone", { channelId });
        return "gone";
      }
      const giveUp = Math.max(...mine.map((r) => r.attempts)) + 1 >= (this.options.maxAttempts ?? 5);
      await repos.reminders.release(
        territory.id,
        digestId,
        error instanceof Error ? error.message : String(error),
        giveUp,
      );
      logger.error({ err: error, territory: territory.id, channelId, digestId, giveUp }, "reminder digest not posted");
      return "failed";
    }
    // A crash here leaves the rows taken but not marked: the next run finds the message (recover).
    await this.options.faults?.afterSend?.(digestId);
    await repos.reminders.markSent(territory.id, digestId, posted.messageId, clock.now());
    return mine.length;
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
    for (const row of await repos.reminders.interrupted(territory.id)) {
      if (row.digestId && digestTime(row.digestId) <= threshold)
        interrupted.set(row.digestId, [...(interrupted.get(row.digestId) ?? []), row]);
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
  private async notice(
    territory: TerritoryRef,
    key: string,
    action: string,
    details: Record<string, string>,
  ): Promise<void> {
    const { db, clock, logger } = this.options;
    const repos = readOnly(db);
    if (await repos.reminders.noticeOnce(territory.id, key, clock.now())) {
      logger.warn({ territory: territory.id, ...details }, action);
      await repos.audit.record(
        { territoryId: territory.id, actorId: null, action, outcome: "failed", details },
        clock.now(),
      );
    }
  }
}
