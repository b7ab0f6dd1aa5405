import pino from "pino";
import type { App } from "../../src/app.ts";
import type { Card } from "../../src/core/card.ts";
import type { Clock } from "../../src/core/clock.ts";
import { outboxMarker, type ReminderPort } from "../../src/core/command.ts";
import type { Translate } from "../../src/core/i18n.ts";
import type { Database, DbClient } from "../../src/db/client.ts";
import type { Prisma } from "../../src/db/generated/sqlite/client.ts";
import { DIGEST_KIND } from "../../src/db/repositories/outbox.ts";
import { wallClock } from "../../src/domain/cron.ts";
import { ReminderDelivery, type DeliveryOptions } from "../../src/reminders/delivery.ts";
import { ReminderScheduler } from "../../src/reminders/scheduler.ts";
import { cardText } from "./app.ts";
import { decodeButton } from "../../src/platforms/slack/button-payload.ts";

export interface PostedDigest {
  channelId: string;
  messageId: string;
  card: Card;
  text: string;
}

/** What each digest reminded, as "kind sujet" (read from its snooze buttons). */
export function reminded(posts: readonly PostedDigest[]): string[] {
  return posts.flatMap((p) =>
    (p.card.buttons ?? []).filter((b) => b.command === "rappels.reporter").map((b) => `${b.args.type} ${b.args.sujet}`),
  );
}

/** A platform stand-in that keeps every digest posted; `gone` channels answer as deleted ones do. */
export function recordingReminderPort(
  posts: PostedDigest[],
  options: { fail?: () => Error | undefined } = {},
): (t: Translate) => ReminderPort {
  return () => ({
    async post(channelId, card) {
      const failure = options.fail?.();
      if (failure) throw failure;
      const messageId = String(posts.length + 1);
      posts.push({ channelId, messageId, card, text: cardText(card) });
      return { channelId, messageId };
    },
    async findMessage(channelId, key) {
      return posts.find((p) => p.channelId === channelId && p.text.includes(outboxMarker(key)))?.messageId ?? null;
    },
  });
}

/** A scheduler on its own, as a second process would build it. */
export function schedulerFor(
  app: App,
  database: Database,
  clock: Clock,
  ports: DeliveryOptions["ports"],
  extra: Partial<DeliveryOptions> = {},
): ReminderScheduler {
  const logger = pino({ level: "silent" });
  const delivery = new ReminderDelivery({ db: database.prisma, clock, logger, i18n: app.i18n, ports, ...extra });
  return new ReminderScheduler(delivery, database.prisma, clock, logger);
}

/** 08:00 in Paris on a calendar day, whatever the season. */
export function parisEight(date: string): Date {
  for (const hour of ["06", "07"]) {
    const instant = new Date(`${date}T${hour}:00:00Z`);
    if (wallClock(instant, "Europe/Paris").hour === 8) return instant;
  }
  throw new Error(`no 08:00 on ${date}`);
}

/** What each Slack message in a channel reminded, as "kind sujet" (read from its snooze buttons). */
export function slackReminded(messages: readonly { blocks: unknown }[]): string[] {
  const values = (blocks: unknown): unknown[] =>
    Array.isArray(blocks)
      ? blocks.flatMap((block: { elements?: { value?: unknown }[] }) => (block.elements ?? []).map((e) => e.value))
      : [];
  return messages.flatMap((m) =>
    values(m.blocks)
      .map(decodeButton)
      .filter((b) => b?.c === "rappels.reporter")
      .map((b) => `${b?.a.type} ${b?.a.sujet}`),
  );
}

/** Entries seen more than once. */
export function doubles(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const item of items) {
    if (seen.has(item)) twice.push(item);
    seen.add(item);
  }
  return twice;
}

/**
 * Each ledger row's state as a person reads it: a row carried by a digest is "sent" once its
 * digest's outbox row is, else "in_digest:" and that row's state (planned, sending…); a row
 * waiting for a digest is "pending"; leases and notices, and rows given up, keep their own.
 */
export async function reminderStates(
  prisma: DbClient,
  where: Prisma.ReminderDeliveryWhereInput = {},
): Promise<string[]> {
  const rows = await prisma.reminderDelivery.findMany({
    where,
    select: { territoryId: true, digestId: true, status: true },
  });
  const digests = await prisma.outboxMessage.findMany({
    where: { kind: DIGEST_KIND },
    select: { territoryId: true, key: true, state: true },
  });
  const stateOf = new Map(digests.map((d) => [`${d.territoryId} ${d.key}`, d.state]));
  return rows.map((row) => {
    if (row.status !== "in_digest") return row.status;
    const state = stateOf.get(`${row.territoryId} ${row.digestId}`) ?? "missing";
    return state === "sent" ? "sent" : `in_digest:${state}`;
  });
}

/** How many ledger rows matching `where` are in this state (see reminderStates). */
export async function remindersIn(
  prisma: DbClient,
  state: string,
  where: Prisma.ReminderDeliveryWhereInput = {},
): Promise<number> {
  return (await reminderStates(prisma, where)).filter((s) => s === state).length;
}
