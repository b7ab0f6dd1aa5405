import type { Logger } from "pino";
import { Batcher } from "../core/batch.ts";
import { type Card, readStoredCard } from "../core/card.ts";
import type { Clock } from "../core/clock.ts";
import type { ReminderPort, ReminderPortFactory } from "../core/command.ts";
import { type I18n, toLocale } from "../core/i18n.ts";
import { ChannelGoneError, HistoryUnreadableError, NotSentError } from "../core/platform-errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import { DIGEST_KIND, type OutboxRow } from "../db/repositories/outbox.ts";
import { retryDelayMs } from "../domain/outbox.ts";
import type { PlatformName } from "../domain/vocabulary.ts";
import { notice } from "./notices.ts";

interface SenderTerritory {
  id: string;
  platform: PlatformName;
  locale: string;
}

export interface SendFaults {
  /**
   * Runs once a change that planned a card has committed, before anything else is done to send it
   * (a kill there leaves the change and its planned row, and nothing posted).
   */
  afterCommit?(key: string): void | Promise<void>;
  /** Runs right after a post succeeded, before it is marked sent (a kill there leaves it "sending"). */
  afterSend?(key: string): void | Promise<void>;
}

export interface SenderOptions {
  db: DbClient;
  clock: Clock;
  logger: Logger;
  i18n: I18n;
  /** Per connected platform, a port speaking the territory's language; filled in as platforms start. */
  ports: Partial<Record<PlatformName, ReminderPortFactory>>;
  /** Pause between two posts in one channel (Slack asks for about one message per second). */
  channelIntervalMs?: Partial<Record<PlatformName, number>>;
  /** Channels posted to at the same time (each one paced on its own). */
  parallelChannels?: number;
  maxAttempts?: number;
  /** A send or a lease left unfinished this long was interrupted (a crash, a restart). */
  recoverAfterMs?: number;
  faults?: SendFaults;
}

export interface DrainReport {
  messages: number;
  sent: number;
  failed: number;
  uncertain: number;
  recovered: number;
}

/** A digest's card as this process drew it, and the payload it was stored as. */
export interface PreparedCard {
  payload: string;
  card: Card;
}

/**
 * Cards drawn by this process, by `preparedKey`: posted as drawn rather than read back from the
 * outbox; the sender takes each one out as it posts it.
 */
export type PreparedCards = Map<string, PreparedCard>;

export const preparedKey = (row: { territoryId: string; key: string }) => `${row.territoryId} ${row.key}`;

/** A Retry-After longer than this is not waited out in the run: the row waits for a later tick. */
const INLINE_WAIT_MAX_MS = 60_000;
const RECONCILE_MARGIN_MS = 60_000;
/**
 * Channels posted to at once. Each channel is paced on its own, so a morning's posting takes about
 * as long as its busiest channel's queue, not the sum of all (a region has a few hundred channels).
 */
export const DEFAULT_PARALLEL_CHANNELS = 256;
/** Slack's rule for chat.postMessage: about one message per second per channel. */
export const SLACK_CHANNEL_INTERVAL_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the outbox and decides, in this one place, what an interrupted or failed send became.
 * A row is claimed (planned → sending since T) before its post; after an answer it is sent (with
 * the platform's id) or planned again; after an unknown outcome (an error after which the message
 * may be there: a 500, a cut connection, a crash) the channel's history since T is searched for
 * the row's key: found, it is sent; read in full without it, it is planned again; unreadable, it
 * is "uncertain" and waits for a person (`/rappels statut`), never posted again on a guess.
 * Channels are posted to in parallel, each paced on its own; a Retry-After pauses the territory's
 * posting until it passes.
 */
export class OutboxSender {
  private readonly pausedUntil = new Map<string, number>();
  /**
   * Claims and marks of the posts made at one moment (one per channel at most: a channel waits
   * for its mark before its next claim) share one statement, so a crash still leaves at most one
   * message per channel to reconcile.
   */
  private readonly claims: Batcher<string, boolean>;
  private readonly marks: Batcher<{ row: OutboxRow; messageId: string }, number>;

  constructor(private readonly options: SenderOptions) {
    this.claims = new Batcher(async (ids) => {
      const taken = await readOnly(options.db).outbox.claimMany(ids, options.clock.now());
      return ids.map((id) => taken.has(id));
    });
    // A digest's reminders are posted with its outbox row: the ledger keeps no state per reminder
    // to mark (thousands of rows a morning in a region), only which digest carries it. The marks and
    // the links of one moment in one transaction: a crash before it leaves the rows "sending",
    // and their reconciliation finds the messages and marks them.
    this.marks = new Batcher((sent) =>
      inTransaction(options.db, async (repos) => {
        // A published card's record is linked to its message first (see OutboxRepository.linkSubject).
        for (const { row, messageId } of sent) await repos.outbox.linkSubject(row, messageId);
        const marked = await repos.outbox.markSentMany(
          sent.map(({ row, messageId }) => ({ id: row.id, messageId })),
          options.clock.now(),
        );
        // Counted once: a row marked by another worker (or an earlier reconciliation) counts 0 here.
        const digests = sent.filter(({ row }) => marked.has(row.id) && row.kind === DIGEST_KIND);
        const sizes = await repos.reminders.digestSizes(
          digests.map(({ row }) => ({ territoryId: row.territoryId, digestId: row.key })),
        );
        const sizeOf = new Map(digests.map(({ row }, i) => [row.id, sizes[i] ?? 0]));
        return sent.map(({ row }) => sizeOf.get(row.id) ?? 0);
      }),
    );
  }

  /**
   * Sends what the outbox holds for these territories. A row this process just planned is posted
   * with the card it was drawn as (`prepared`), when its stored payload is that card's.
   */
  async drain(
    territories: readonly SenderTerritory[],
    prepared: PreparedCards = new Map(),
  ): Promise<Map<string, DrainReport>> {
    const { db, clock } = this.options;
    const repos = readOnly(db);
    const reports = new Map<string, DrainReport>();
    const withPorts = new Map<string, { territory: SenderTerritory; port: ReminderPort }>();
    for (const territory of territories) {
      const make = this.options.ports[territory.platform];
      const port = make ? await make(this.options.i18n.translator(toLocale(territory.locale)), territory) : null;
      if (!port) continue;
      withPorts.set(territory.id, { territory, port });
      reports.set(territory.id, { messages: 0, sent: 0, failed: 0, uncertain: 0, recovered: 0 });
    }
    const ids = [...withPorts.keys()];
    if (ids.length === 0) return reports;
    const staleBefore = new Date(clock.now().getTime() - (this.options.recoverAfterMs ?? 120_000));
    for (const row of await repos.outbox.stale(ids, staleBefore)) {
      const target = withPorts.get(row.territoryId);
      const report = reports.get(row.territoryId);
      if (!target || !report || !row.sendingSince) continue;
      if (!(await repos.outbox.takeOver(row.id, row.sendingSince, clock.now()))) continue;
      const outcome = await this.reconcile(row, row.sendingSince, target.port);
      if (typeof outcome === "object") report.recovered += outcome.sent;
      this.count(report, outcome);
    }
    const channels = new Map<string, OutboxRow[]>();
    for (const row of await repos.outbox.due(ids, clock.now())) {
      const group = `${row.territoryId} ${row.channelId}`;
      channels.set(group, [...(channels.get(group) ?? []), row]);
    }
    // Longest queues first: with more channels than workers, the morning ends with the busiest.
    const queues = [...channels.values()].sort((a, b) => b.length - a.length);
    const workers = Array.from(
      { length: Math.min(this.options.parallelChannels ?? DEFAULT_PARALLEL_CHANNELS, queues.length) },
      async () => {
        for (let rows = queues.shift(); rows; rows = queues.shift()) {
          const first = rows[0];
          const target = first ? withPorts.get(first.territoryId) : undefined;
          const report = first ? reports.get(first.territoryId) : undefined;
          if (!target || !report) continue;
          const interval = this.options.channelIntervalMs?.[target.territory.platform] ?? 0;
          for (const [i, row] of rows.entries()) {
            if (i > 0 && interval > 0) await sleep(interval);
            const key = preparedKey(row);
            const drawn = prepared.get(key);
            prepared.delete(key);
            const outcome = await this.send(row, target.port, { prepared: drawn });
            this.count(report, outcome);
            if (outcome === "gone") break;
          }
        }
      },
    );
    await Promise.all(workers);
    return reports;
  }

  private count(report: DrainReport, outcome: Outcome): void {
    if (typeof outcome === "object") {
      report.messages++;
      report.sent += outcome.sent;
    } else if (outcome === "failed" || outcome === "gone") report.failed++;
    else if (outcome === "uncertain") report.uncertain++;
  }

  private async waitForPause(territoryId: string): Promise<void> {
    const until = this.pausedUntil.get(territoryId) ?? 0;
    if (until > Date.now()) await sleep(until - Date.now());
  }

  /**
   * Sends one planned row now, while a member waits for the answer: a rate limit is not waited
   * out here, the row stays planned for the next tick. The outcome is read back from the row.
   */
  async sendNow(row: OutboxRow, port: ReminderPort): Promise<void> {
    await this.send(row, port, { waitInline: false });
  }

  private async send(
    row: OutboxRow,
    port: ReminderPort,
    { waitInline = true, prepared }: { waitInline?: boolean; prepared?: PreparedCard | undefined } = {},
  ): Promise<Outcome> {
    const { clock, logger } = this.options;
    const since = clock.now();
    if (!(await this.claims.request(row.id))) return "skipped";
    const attempts = row.attempts + 1;
    // Its own card, unless the row holds another payload (a key already taken: kept as it was).
    const card = prepared?.payload === row.payload ? prepared.card : readStoredCard(row.payload);
    if (!card) {
      await this.fail(row, "unreadable payload", "failed");
      return "failed";
    }
    for (let waits = 0; ; waits++) {
      await this.waitForPause(row.territoryId);
      let messageId: string;
      try {
        messageId = (await port.post(row.channelId, card, row.key, row.threadOf ?? undefined)).messageId;
      } catch (error) {
        if (error instanceof NotSentError) {
          const wait = error.retryAfterMs;
          if (wait !== null) this.pausedUntil.set(row.territoryId, Date.now() + wait);
          if (waitInline && wait !== null && wait <= INLINE_WAIT_MAX_MS && waits < 3) continue;
          return this.planAgain(row, attempts, error.message, wait);
        }
        if (error instanceof ChannelGoneError) {
          await this.fail(row, "channel gone", "abandoned");
          await notice(this.options, row.territoryId, `gone:${row.channelId}`, "reminders.channel_gone", {
            channelId: row.channelId,
          });
          return "gone";
        }
        logger.warn({ err: error, key: row.key, channel: row.channelId }, "post outcome unknown: reconciling");
        return this.reconcile({ ...row, attempts }, since, port, error);
      }
      // A crash here leaves the row "sending": the next tick finds the message by its key.
      await this.options.faults?.afterSend?.(row.key);
      return this.markSent(row, messageId);
    }
  }

  /** What an interrupted send became, from the channel's history since it began. */
  private async reconcile(row: OutboxRow, since: Date, port: ReminderPort, cause?: unknown): Promise<Outcome> {
    const { logger } = this.options;
    const reason = cause instanceof Error ? cause.message : "interrupted before it was marked sent";
    let found: string | null;
    try {
      found = await port.findMessage(
        row.channelId,
        row.key,
        new Date(since.getTime() - RECONCILE_MARGIN_MS),
        row.threadOf ?? undefined,
      );
    } catch (error) {
      if (error instanceof HistoryUnreadableError) {
        await readOnly(this.options.db).outbox.markUncertain(row.id, `${reason}; ${error.reason}`);
        logger.warn(
          { key: row.key, channel: row.channelId, reason: error.reason },
          "post uncertain: left for a person",
        );
        return "uncertain";
      }
      // History could not be read this time (a network fault): the row stays "sending" and the
      // next tick reconciles it again.
      logger.warn({ err: error, key: row.key }, "history read failed; will reconcile again");
      return "pending";
    }
    if (found) return this.markSent(row, found);
    return this.planAgain(row, row.attempts, reason, null);
  }

  private async planAgain(row: OutboxRow, attempts: number, error: string, waitMs: number | null): Promise<Outcome> {
    if (attempts >= (this.options.maxAttempts ?? 5)) {
      await this.fail(row, error, "failed");
      return "failed";
    }
    const at = this.options.clock.now().getTime() + (waitMs ?? retryDelayMs(attempts));
    await readOnly(this.options.db).outbox.retryLater(row.id, error, new Date(at));
    this.options.logger.warn({ key: row.key, channel: row.channelId, attempts, error }, "post failed; retried later");
    return "retry";
  }

  /** Returns the sent outcome with how many reminders the message carried. */
  private async markSent(row: OutboxRow, messageId: string): Promise<Outcome> {
    return { sent: await this.marks.request({ row, messageId }) };
  }

  private async fail(row: OutboxRow, error: string, ledger: "failed" | "abandoned"): Promise<void> {
    await inTransaction(this.options.db, async (repos) => {
      await repos.outbox.markFailed(row.id, error);
      await repos.reminders.closeDigest(row.territoryId, row.key, ledger, error);
    });
    this.options.logger.error({ key: row.key, channel: row.channelId, error }, "outbox message given up");
  }
}

/** Sent (with how many reminders it carried), or why not. */
type Outcome = { sent: number } | "retry" | "failed" | "gone" | "uncertain" | "pending" | "skipped";
