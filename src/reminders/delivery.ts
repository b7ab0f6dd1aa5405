import { randomBytes } from "node:crypto";
import { setImmediate as yieldToIo } from "node:timers/promises";
import { DIGEST_ITEMS_PER_MESSAGE, digestCards } from "../cards/digest.ts";
import { type Card, storeCard } from "../core/card.ts";
import { outboxMarker, type ReminderPort } from "../core/command.ts";
import { type Locale, toLocale, type Translate } from "../core/i18n.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import type { LedgerEntry, WaitingRow } from "../db/repositories/reminders.ts";
import { DIGEST_KIND, type PlannedMessage } from "../db/repositories/outbox.ts";
import { todayIn } from "../domain/calendar.ts";
import { settledEcheances, type Reminder } from "../domain/reminders.ts";
import { readSettings, reminderSettings } from "../domain/settings.ts";
import type { PlatformName } from "../domain/vocabulary.ts";
import { notice } from "./notices.ts";
import { OutboxSender, type PreparedCards, preparedKey, type SenderOptions, type SendFaults } from "./outbox-sender.ts";
import { planFor } from "./planner.ts";

export interface TerritoryRef {
  id: string;
  platform: PlatformName;
  timezone: string;
  locale: string;
  settings: unknown;
  /** When the territory was created: no run before it can have been missed. */
  createdAt?: Date;
}

export interface DeliveryOptions extends SenderOptions {
  /** Fault injection for tests of crash recovery. */
  faults?: SendFaults & { beforePlan?(): void | Promise<void> };
}

export interface RunReport {
  territoryId: string;
  slot: string;
  skipped?: "no_platform" | "slot_taken";
  planned: number;
  messages: number;
  sent: number;
  failed: number;
  uncertain: number;
  recovered: number;
}

/** A reminder on its way to a digest: a row left waiting (with its id), or one of today's. */
type Item = WaitingRow | LedgerEntry;

/** Digest cards drawn between two looks at the database's answers (see `plan`). */
const DRAWN_BETWEEN_YIELDS = 64;

/** A digest drawn: its outbox row and the card its payload holds. */
type Drawn = { message: PlannedMessage; card: Card };

/** An outbox key: the planning instant and randomness, short enough for a Discord nonce (25). */
function newDigestKey(now: Date): string {
  return `${now.getTime().toString(36)}${randomBytes(4).toString("hex")}`;
}

/**
 * One run of the reminders for a scheduled slot, for every territory it concerns: take the slot's
 * lease, plan, then write in ONE transaction the ledger rows, the digests (outbox rows, each with
 * its card and key) and the end of the lease; then hand the outbox to the sender. A run cut off
 * anywhere is finished by the next scheduler: before the plan is written, by taking over the
 * lease; after it, from the outbox rows, whatever day it is (a weekly reminder is not "no longer
 * due" because its run was interrupted).
 */
export class ReminderDelivery {
  readonly sender: OutboxSender;
  /** Leases taken by this process whose plan is not written yet ("territory|slot"). */
  private readonly held = new Map<string, { territoryId: string; slot: string }>();

  constructor(private readonly options: DeliveryOptions) {
    this.sender = new OutboxSender(options);
  }

  private async port(territory: TerritoryRef): Promise<ReminderPort | null> {
    const make = this.options.ports[territory.platform];
    return make ? await make(this.options.i18n.translator(toLocale(territory.locale)), territory) : null;
  }

  async run(territory: TerritoryRef, slot: Date): Promise<RunReport> {
    const [report] = await this.runMany([territory], slot);
    if (!report) throw new Error("a run reports on the territory it was given");
    return report;
  }

  async runMany(territories: readonly TerritoryRef[], slot: Date): Promise<RunReport[]> {
    const { db, clock } = this.options;
    const repos = readOnly(db);
    const slotKey = slot.toISOString();
    const reports = new Map<string, RunReport>(
      territories.map((t) => [
        t.id,
        {
          territoryId: t.id,
          slot: slotKey,
          planned: 0,
          messages: 0,
          sent: 0,
          failed: 0,
          uncertain: 0,
          recovered: 0,
        },
      ]),
    );
    const ported: TerritoryRef[] = [];
    for (const territory of territories) {
      const report = reports.get(territory.id);
      if (!report) continue;
      if (!(await this.port(territory))) report.skipped = "no_platform";
      else ported.push(territory);
    }
    const leased = await repos.reminders.takeLeases(
      ported.map((t) => t.id),
      slotKey,
      clock.now(),
    );
    const owned = ported.filter((t) => leased.has(t.id));
    for (const territory of ported) {
      const report = reports.get(territory.id);
      if (!leased.has(territory.id)) {
        if (report) report.skipped = "slot_taken";
      } else this.held.set(`${territory.id}|${slotKey}`, { territoryId: territory.id, slot: slotKey });
    }
    if (owned.length === 0) return [...reports.values()];
    await this.options.faults?.beforePlan?.();
    const prepared = await this.plan(owned, slot, reports);
    for (const territory of owned) this.held.delete(`${territory.id}|${slotKey}`);
    const sent = await this.sender.drain(owned, prepared);
    for (const territory of owned) {
      const report = reports.get(territory.id);
      const result = sent.get(territory.id);
      if (report && result) Object.assign(report, result);
    }
    for (const report of reports.values())
      if (!report.skipped) this.options.logger.info({ ...report }, "reminders run");
    return [...reports.values()];
  }

  /** On stop: leases this process took and could not plan go back to whoever schedules next. */
  async releaseLeases(): Promise<number> {
    const leases = [...this.held.values()];
    this.held.clear();
    return leases.length === 0 ? 0 : readOnly(this.options.db).reminders.releaseLeases(leases);
  }

  /** Leases whose run stopped before its plan was written: plan them now, under a taken-over lease. */
  async resume(territories: readonly TerritoryRef[]): Promise<number> {
    const { db, clock } = this.options;
    const repos = readOnly(db);
    const byId = new Map(territories.map((t) => [t.id, t]));
    let resumed = 0;
    const before = new Date(clock.now().getTime() - (this.options.recoverAfterMs ?? 120_000));
    for (const lease of await repos.reminders.staleLeases([...byId.keys()], before)) {
      const territory = byId.get(lease.territoryId);
      if (!territory || !(await this.port(territory))) continue;
      if (!(await repos.reminders.takeOverLease(lease.id, lease.createdAt, clock.now()))) continue;
      this.options.logger.warn({ territory: territory.id, slot: lease.subjectRef }, "resuming an interrupted run");
      const held = `${territory.id}|${lease.subjectRef}`;
      this.held.set(held, { territoryId: territory.id, slot: lease.subjectRef });
      await this.plan([territory], new Date(lease.subjectRef), new Map());
      this.held.delete(held);
      resumed++;
    }
    return resumed;
  }

  /**
   * Plans as of the slot (a run caught up after a downtime posts what that run would have).
   * Returns the digests planned, with their cards, for this process's sender.
   */
  private async plan(
    owned: readonly TerritoryRef[],
    slot: Date,
    reports: Map<string, RunReport>,
  ): Promise<PreparedCards> {
    const { db, clock, i18n } = this.options;
    const ids = owned.map((t) => t.id);
    const settingsOf = new Map(owned.map((t) => [t.id, reminderSettings(readSettings(t.settings))]));
    // Rows waiting for a digest (none unless a run was cut off) are kept only if still due: their
    // territory's échéances are all read, so that none is taken for settled.
    const waiting = new Set((await readOnly(db).reminders.waiting(ids)).map((row) => row.territoryId));
    const plan = await planFor(
      db,
      owned.map((t) => ({
        id: t.id,
        timezone: t.timezone,
        settings: settingsOf.get(t.id)!,
        readAll: waiting.has(t.id),
      })),
      slot,
    );
    const bindingRows = await readOnly(db).reminders.bindings(ids);
    const bindings = new Map(bindingRows.map((b) => [`${b.territoryId} ${b.purpose}`, b.channelId]));
    const byKey = new Map<string, Reminder>();
    const rows: LedgerEntry[] = [];
    for (const territory of owned) {
      const reminders = plan.reminders.get(territory.id) ?? [];
      const report = reports.get(territory.id);
      if (report) report.planned = reminders.length;
      for (const purpose of new Set(reminders.map((r) => r.purpose))) {
        if (!bindings.has(`${territory.id} ${purpose}`))
          await notice(this.options, territory.id, `unbound:${purpose}`, "reminders.unbound", { purpose });
      }
      for (const reminder of reminders) {
        const channelId = bindings.get(`${territory.id} ${reminder.purpose}`);
        if (!channelId) continue;
        const key = `${reminder.key}@${channelId}`;
        byKey.set(`${territory.id} ${key}`, reminder);
        rows.push({ territoryId: territory.id, key, kind: reminder.kind, subjectRef: reminder.subjectRef, channelId });
      }
    }
    // What the plan was made with, to see in the transaction that no change came in between.
    const inputsOf = (settings: Map<string, unknown>, channels: readonly (typeof bindingRows)[number][]) =>
      new Map(
        ids.map((id) => [
          id,
          JSON.stringify([
            settings.get(id) ?? null,
            channels
              .filter((b) => b.territoryId === id)
              .map((b) => `${b.purpose} ${b.channelId}`)
              .sort(),
          ]),
        ]),
      );
    const plannedWith = inputsOf(new Map(owned.map((t) => [t.id, t.settings])), bindingRows);
    const locales = new Map(owned.map((t) => [t.id, toLocale(t.locale)]));
    // One translator per locale for the whole plan (building one costs more than a card).
    const translators = new Map<Locale, Translate>();
    const translator = (locale: Locale) => {
      const made = translators.get(locale) ?? i18n.translator(locale);
      translators.set(locale, made);
      return made;
    };
    return inTransaction(db, async (repos) => {
      const now = clock.now();
      // The lease ends with this transaction. Written first: on SQLite the transaction then holds
      // the write lock before its reads, so another instance's commit cannot make it fail halfway.
      await repos.reminders.finishLease(ids, slot.toISOString(), now);
      // Rows left waiting by an earlier run (none unless it was cut off): kept if still due.
      const left = await repos.reminders.waiting(ids);
      const reminderOf = (row: { territoryId: string; key: string }) => byKey.get(`${row.territoryId} ${row.key}`);
      await repos.reminders.abandon(
        left.filter((row) => !reminderOf(row)).map((row) => row.id),
        "no longer due",
      );
      // A key already in the ledger (sent, given up, or left waiting above) is not written again.
      const known = await repos.reminders.knownKeys(rows);
      const fresh = rows.filter((row) => !known.has(`${row.territoryId} ${row.key}`));
      // Each channel's reminders in digests of ten, those left waiting first. Today's rows are
      // written with their digest (a row written then updated costs PostgreSQL its foreign-key
      // check twice); rows left waiting are given theirs.
      const groups = new Map<string, Item[]>();
      for (const row of [...left.filter(reminderOf), ...fresh]) {
        const group = `${row.territoryId} ${row.channelId}`;
        const members = groups.get(group);
        if (members) members.push(row);
        else groups.set(group, [row]);
      }
      const parts: { key: string; rows: Item[] }[] = [];
      for (const channelRows of groups.values())
        for (let i = 0; i < channelRows.length; i += DIGEST_ITEMS_PER_MESSAGE)
          parts.push({ key: newDigestKey(now), rows: channelRows.slice(i, i + DIGEST_ITEMS_PER_MESSAGE) });
      // On PostgreSQL the ledger is written while the cards are drawn, the database and this
      // process working at once (SQLite's driver writes it before the first card). Each digest is
      // drawn for all its rows, and drawn again from the rows it really holds (those written or
      // given to it here) in the rare case another run took one.
      const writing = repos.reminders.record(
        parts.flatMap(({ key, rows: part }) => part.flatMap((row) => ("id" in row ? [] : [{ ...row, digestId: key }]))),
        now,
      );
      // Awaited below: a failure meanwhile is not an unhandled rejection.
      writing.catch(() => undefined);
      const draw = (key: string, part: readonly Item[]): Drawn | null => {
        const first = part[0];
        const reminders = part.flatMap((row) => reminderOf(row) ?? []);
        const head = reminders[0];
        if (!first || !head) return null;
        const locale = locales.get(first.territoryId) ?? "fr";
        const [card] = digestCards(reminders, head.purpose, outboxMarker(key), translator(locale), locale);
        if (!card) return null;
        const message = { territoryId: first.territoryId, key, kind: DIGEST_KIND, channelId: first.channelId };
        return { message: { ...message, payload: storeCard(card) }, card };
      };
      const drafts: (Drawn | null)[] = [];
      for (let i = 0; i < parts.length; i += DRAWN_BETWEEN_YIELDS) {
        // The ledger's next statement goes out as soon as the one before is answered.
        await yieldToIo();
        for (const { key, rows: part } of parts.slice(i, i + DRAWN_BETWEEN_YIELDS)) drafts.push(draw(key, part));
      }
      const written = await writing;
      const assigned = await repos.reminders.assignDigests(
        parts.flatMap(({ key, rows: part }) =>
          part.flatMap((row) => ("id" in row ? [{ id: row.id, digestId: key }] : [])),
        ),
      );
      // What each digest really holds: the rows written or given to it here, not taken elsewhere.
      const holds = (row: Item) => ("id" in row ? assigned.has(row.id) : written.has(`${row.territoryId} ${row.key}`));
      const messages: PlannedMessage[] = [];
      const prepared: PreparedCards = new Map();
      for (const [i, { key, rows: part }] of parts.entries()) {
        const held = part.filter(holds);
        const drawn = held.length === part.length ? drafts[i] : draw(key, held);
        if (!drawn) continue;
        messages.push(drawn.message);
        prepared.set(preparedKey(drawn.message), { payload: drawn.message.payload, card: drawn.card });
      }
      await repos.outbox.plan(messages, now);
      // Échéances the ledger now settles are read again only on a day their reminder changes.
      // Not in a run of an earlier slot, behind a run of a later day (what it finds settled there
      // may not be), nor when the settings or channels changed since the plan was made (then they
      // were all sent back to be read).
      const current = inputsOf(
        new Map((await repos.reminders.settingsOf(ids)).map((t) => [t.id, t.settings])),
        await repos.reminders.bindings(ids),
      );
      const recorded = new Set(rows.map((row) => `${row.territoryId} ${row.subjectRef}`));
      // Snoozes as they are now (one placed since the plan was read counts).
      const snoozes = await repos.reminders.snoozes(ids);
      const marks: { id: string; seen: string; settled: boolean }[] = [];
      for (const territory of owned) {
        if (current.get(territory.id) !== plannedWith.get(territory.id) || plan.earlier.has(territory.id)) continue;
        const today = todayIn(territory.timezone, slot);
        const running = new Set(
          snoozes.filter((s) => s.territoryId === territory.id && s.until > today).map((s) => s.subjectRef),
        );
        const read = plan.echeances.get(territory.id) ?? [];
        const settles = settledEcheances(
          read,
          today,
          settingsOf.get(territory.id)!,
          (subject) => recorded.has(`${territory.id} ${subject}`),
          (subject) => running.has(subject),
        );
        // Settled, or sent back: one read through its due date but not settled (a snooze placed
        // since it was settled) is read again at every run until it is.
        for (const e of read)
          if (settles.has(e.id) !== (e.recheck === ""))
            marks.push({ id: e.id, seen: e.recheck, settled: settles.has(e.id) });
      }
      await repos.reminders.markRecheck(marks);
      return prepared;
    });
  }
}
