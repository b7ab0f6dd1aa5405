import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import { InFlight } from "../core/in-flight.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { cronMatches, lastSlot, parseCron, wallClock } from "../domain/cron.ts";
import { readSettings } from "../domain/settings.ts";
import type { ReminderDelivery, RunReport, TerritoryRef } from "./delivery.ts";

const DAY_MS = 86_400_000;

/**
 * node-cron ticks every minute; each territory's own schedule (cron expression in its time zone)
 * decides whether this minute is one of its slots. At start-up the latest slot missed while the
 * bot was down (within the catch-up horizon) is run, instead of being silently skipped.
 */
export class ReminderScheduler {
  private task: ScheduledTask | undefined;
  private readonly running = new Set<string>();
  /** Ticks, catch-ups and admin runs under way, so that a stop waits for them. */
  private readonly inFlight = new InFlight();
  private stopping = false;

  constructor(
    private readonly delivery: ReminderDelivery,
    private readonly db: DbClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private async territories(): Promise<TerritoryRef[]> {
    return readOnly(this.db).reminders.territories();
  }

  private async runGuarded(territory: TerritoryRef, slot: Date): Promise<RunReport | null> {
    if (this.running.has(territory.id)) return null;
    this.running.add(territory.id);
    try {
      return await this.delivery.run(territory, slot);
    } catch (error) {
      this.logger.error({ err: error, territory: territory.id }, "reminders run failed");
      return null;
    } finally {
      this.running.delete(territory.id);
    }
  }

  /**
   * Runs, in one batch, every territory whose schedule fires this minute; then finishes what
   * earlier runs left (a lease cut off before its plan was written, outbox rows not yet sent or
   * left "sending" by a crash), whichever process or day that was.
   */
  tick(): Promise<RunReport[]> {
    if (this.stopping) return Promise.resolve([]);
    return this.inFlight.run(() => this.tickNow());
  }

  private async tickNow(): Promise<RunReport[]> {
    const now = this.clock.now();
    const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    let territories: TerritoryRef[];
    try {
      territories = await this.territories();
    } catch (error) {
      // The database down or stalling: this minute is skipped, the next tick tries again.
      this.logger.error({ err: error }, "reminders tick failed");
      return [];
    }
    const due = territories.filter((territory) => {
      const schedule = parseCron(readSettings(territory.settings).reminders.cron);
      return (
        schedule !== null &&
        cronMatches(schedule, wallClock(slot, territory.timezone)) &&
        !this.running.has(territory.id)
      );
    });
    let reports: RunReport[] = [];
    if (due.length > 0) {
      for (const territory of due) this.running.add(territory.id);
      try {
        reports = await this.delivery.runMany(due, slot);
      } catch (error) {
        // Whatever stopped the run (the database, a fault) is left to the next tick to resume.
        this.logger.error({ err: error }, "reminders run failed");
        return [];
      } finally {
        for (const territory of due) this.running.delete(territory.id);
      }
    }
    await this.resume(territories.filter((t) => !this.running.has(t.id)));
    return reports;
  }

  /** Plans runs cut off before their plan was written, then sends whatever the outbox holds. */
  async resume(territories: readonly TerritoryRef[]): Promise<void> {
    try {
      await this.delivery.resume(territories);
      await this.delivery.sender.drain(territories);
    } catch (error) {
      this.logger.error({ err: error }, "resuming reminders failed");
    }
  }

  /** Runs, per territory, the latest scheduled slot since its last run, within the horizon. */
  catchUp(): Promise<RunReport[]> {
    if (this.stopping) return Promise.resolve([]);
    return this.inFlight.run(() => this.catchUpNow());
  }

  private async catchUpNow(): Promise<RunReport[]> {
    const now = this.clock.now();
    const reports: RunReport[] = [];
    for (const territory of await this.territories()) {
      const settings = readSettings(territory.settings).reminders;
      const schedule = parseCron(settings.cron);
      if (!schedule || settings.catchUpDays === 0) continue;
      const horizon = new Date(now.getTime() - settings.catchUpDays * DAY_MS);
      const last = await readOnly(this.db).reminders.lastLease(territory.id);
      // A slot before the territory existed was not missed (a fresh demo has nothing to catch up).
      const floor = territory.createdAt && territory.createdAt > horizon ? territory.createdAt : horizon;
      const since = last && last > floor ? last : floor;
      const missed = lastSlot(schedule, territory.timezone, now, since);
      if (!missed) continue;
      this.logger.info({ territory: territory.id, slot: missed.toISOString() }, "catching up a missed reminders run");
      const report = await this.runGuarded(territory, missed);
      if (report) reports.push(report);
    }
    return reports;
  }

  /** An admin's run outside the schedule. */
  runNow(territoryId: string): Promise<RunReport | null> {
    if (this.stopping) return Promise.resolve(null);
    return this.inFlight.run(async () => {
      const territory = (await this.territories()).find((t) => t.id === territoryId);
      return territory ? this.runGuarded(territory, this.clock.now()) : null;
    });
  }

  start(): void {
    this.task = cron.schedule("* * * * *", () => {
      this.tick().catch((error: unknown) => this.logger.error({ err: error }, "reminders tick failed"));
    });
  }

  /**
   * No new tick; the run under way finishes (its digests posted), then leases this process took
   * and could not plan are handed back, so another instance takes over at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    void this.task?.stop();
    await this.inFlight.idle();
    const released = await this.delivery.releaseLeases().catch((error: unknown) => {
      this.logger.error({ err: error }, "could not release the reminders leases");
      return 0;
    });
    if (released > 0) this.logger.warn({ released }, "reminders leases handed back");
  }
}
