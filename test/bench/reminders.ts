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
import { SLACK_CHANNEL_INTERVAL_MS } from "../../src/reminders/outbox-sender.ts";
import type { ReminderPort } from "../../src/core/command.ts";
import { NotSentError } from "../../src/core/platform-errors.ts";
import type { Database } from "../../src/db/client.ts";
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
  withPosting = false,
) {
  let url: string;
  let drop = async () => undefined as unknown;
  // PostgreSQL's statistics after a load, as its autovacuum would gather them in a deployment
  // (this server runs without it): the planner picks its joins from them.
  let analyze = async () => undefined as unknown;
  if (provider === "sqlite") url = `file:${path.join(dir, `rem-${size}.db`)}`;
  else {
    const schema = `bench_${size}_${Date.now().toString(36)}`;
    const parsed = new URL(pgUrl);
    parsed.searchParams.set("schema", schema);
    url = parsed.toString();
    const inSchema = async (work: (client: pg.Client) => Promise<unknown>) => {
      const client = new pg.Client({ connectionString: postgresConnectionString(pgUrl) });
      await client.connect();
      try {
        await work(client);
      } finally {
        await client.end();
      }
    };
    drop = () => inSchema((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    analyze = () =>
      inSchema(async (client) => {
        const { rows } = await client.query<{ tablename: string }>(
          "SELECT tablename FROM pg_tables WHERE schemaname = $1",
          [schema],
        );
        for (const { tablename } of rows) await client.query(`ANALYZE "${schema}"."${tablename}"`);
      });
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
    await analyze();
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
    await analyze();
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
    const posting = withPosting ? await postingWall(database, i18n, addDays(TODAY, rounds + 1)) : null;
    return {
      set,
      generation,
      first,
      posting,
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

/**
 * A platform stand-in that allows one message per second per channel (a faster one is refused with
 * a Retry-After, as Slack does) and answers each post after a short network delay.
 */
function pacedPort(intervalMs: number, latencyMs: number) {
  const last = new Map<string, number>();
  const posts: { channelId: string; start: number; end: number }[] = [];
  let refused = 0;
  const port: ReminderPort = {
    async post(channelId) {
      const start = performance.now();
      const previous = last.get(channelId);
      // 5 ms of tolerance for timer rounding.
      if (previous !== undefined && start - previous < intervalMs - 5) {
        refused++;
        throw new NotSentError("rate limited", Math.ceil(intervalMs - (start - previous)));
      }
      last.set(channelId, start);
      await new Promise((r) => setTimeout(r, latencyMs));
      posts.push({ channelId, start, end: performance.now() });
      return { channelId, messageId: String(posts.length) };
    },
    async findMessage() {
      return null;
    },
  };
  return { port, posts, refused: () => refused };
}

/**
 * One morning's posting with the bot's own pacing settings: the wall time from the first post to
 * the last, against the busiest channel's queue at one message per second.
 */
async function postingWall(database: Database, i18n: I18n, day: string) {
  const clock = fixedClock(parisEight(day));
  const stand = pacedPort(SLACK_CHANNEL_INTERVAL_MS, 20);
  const logger = pino({ level: "silent" });
  const delivery = new ReminderDelivery({
    db: database.prisma,
    clock,
    logger,
    i18n,
    ports: { slack: () => stand.port },
    channelIntervalMs: { slack: SLACK_CHANNEL_INTERVAL_MS },
  });
  progress(`posting a day's digests at one message per second per channel`);
  await new ReminderScheduler(delivery, database.prisma, clock, logger).tick();
  const perChannel = new Map<string, number>();
  for (const p of stand.posts) perChannel.set(p.channelId, (perChannel.get(p.channelId) ?? 0) + 1);
  const busiest = Math.max(0, ...perChannel.values());
  const first = Math.min(...stand.posts.map((p) => p.start));
  const lastEnd = Math.max(...stand.posts.map((p) => p.end));
  const wallMs = stand.posts.length > 0 ? lastEnd - first : 0;
  // The busiest channel's queue: its first post, then one a second.
  const busiestMs = busiest > 0 ? (busiest - 1) * SLACK_CHANNEL_INTERVAL_MS + 20 : 0;
  return {
    messages: stand.posts.length,
    channels: perChannel.size,
    busiest,
    wallMs,
    busiestMs,
    ratio: busiestMs > 0 ? wallMs / busiestMs : 1,
    refused: stand.refused(),
  };
}
