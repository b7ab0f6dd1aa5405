// Reminder runs at scale: the bot's daily run beside its floor (the same work with the raw
// driver, no framework), on SQLite or PostgreSQL.
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { fixedClock } from "../../src/core/clock.ts";
import { I18n } from "../../src/core/i18n.ts";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { openDatabase, postgresConnectionString } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { addDays } from "../../src/domain/calendar.ts";
import { ReminderDelivery } from "../../src/reminders/delivery.ts";
import { ReminderScheduler } from "../../src/reminders/scheduler.ts";
import { parisEight, type PostedDigest, recordingReminderPort } from "../support/reminders.ts";
import { floorRun, rawConnection } from "./floor.ts";
import { median } from "./stats.ts";

export const TERRITORIES = 50; // a regional deployment: about 50 associations
export const TODAY = "2026-11-23";
const progress = (message: string) => process.stderr.write(`… ${message}\n`);

export async function reminderBench(
  provider: "sqlite" | "postgresql",
  size: number,
  dir: string,
  pgUrl: string,
  rounds: number,
) {
  let url: string;
  let drop = async () => undefined as unknown;
  if (provider === "sqlite") url = `file:${path.join(dir, `rem-${size}.db`)}`;
  else {
    const schema = `bench_${size}_${Date.now().toString(36)}`;
    const parsed = new URL(pgUrl);
    parsed.searchParams.set("schema", schema);
    url = parsed.toString();
    drop = async () => {
      const client = new pg.Client({ connectionString: postgresConnectionString(pgUrl) });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    };
  }
  progress(`reminders: ${provider}, ${size} mesures`);
  await migrate(url);
  const database = await openDatabase(url);
  try {
    const generatedAt = performance.now();
    const set = await generateTerritorySet(database.prisma, {
      mesures: size,
      territories: TERRITORIES,
      today: TODAY,
      prefix: `r${size}`,
    });
    const generation = performance.now() - generatedAt;
    const clock = fixedClock(parisEight(TODAY));
    const i18n = I18n.create();
    const posts: PostedDigest[] = [];
    const delivery = new ReminderDelivery({
      db: database.prisma,
      clock,
      logger: pino({ level: "silent" }),
      i18n,
      ports: { slack: recordingReminderPort(posts) },
    });
    const scheduler = new ReminderScheduler(delivery, database.prisma, clock, pino({ level: "silent" }));
    const run = async () => {
      const t0 = performance.now();
      const reports = await scheduler.tick();
      return {
        ms: performance.now() - t0,
        due: reports.reduce((n, r) => n + r.planned, 0),
        sent: reports.reduce((n, r) => n + r.sent, 0),
        messages: reports.reduce((n, r) => n + r.messages, 0),
      };
    };
    const first = await run();
    const steady = [];
    const floors: number[] = [];
    const raw = await rawConnection(url);
    try {
      for (let d = 1; d <= rounds; d++) {
        const at = parisEight(addDays(TODAY, d));
        clock.set(at);
        // The floor first, rolled back: the bot's run of the day starts from the same state.
        const f0 = performance.now();
        const floor = await floorRun(raw, at, i18n);
        floors.push(performance.now() - f0);
        const day = await run();
        if (floor.reminders !== day.due)
          progress(`floor planned ${floor.reminders} reminders where the run planned ${day.due}`);
        steady.push(day);
      }
    } finally {
      await raw.close();
    }
    return {
      set,
      generation,
      first,
      steady: {
        ms: median(steady.map((s) => s.ms)),
        due: median(steady.map((s) => s.due)),
        sent: median(steady.map((s) => s.sent)),
        messages: median(steady.map((s) => s.messages)),
      },
      floor: { ms: median(floors) },
    };
  } finally {
    await database.close();
    await drop();
  }
}
