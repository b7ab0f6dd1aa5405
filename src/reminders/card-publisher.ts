import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { storeCard } from "../core/card.ts";
import type { Clock } from "../core/clock.ts";
import { type ChannelPublisher, markedCard, type PublishResult } from "../core/command.ts";
import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import { cardKind, type OutboxRow } from "../db/repositories/outbox.ts";
import { publishedCardKey } from "../domain/outbox.ts";
import type { OutboxSender, SendFaults } from "./outbox-sender.ts";

/** What the member is told, from the row as the send left it. */
function resultOf(row: OutboxRow): PublishResult {
  if (row.state === "sent" && row.messageId)
    return { status: "posted", message: { channelId: row.channelId, messageId: row.messageId } };
  if (row.state === "failed") return { status: "failed", channelId: row.channelId };
  return { status: "checking", channelId: row.channelId };
}

/**
 * Cards commands publish (a candidature for the SIAO, a situation for the comité) go through the
 * outbox like reminders: a row with a key made from the record before the post, the post tagged
 * with that key, the same reconciliation after an unknown outcome, and the record linked to its
 * message when the row is marked sent. Publishing the same record's version again (a retried
 * action, a double click) finds the row and posts nothing. The post stays inline, so the member
 * learns at once where the card went, or that its posting is being checked. A card a change
 * calls for is planned in the change's transaction and only sent here (`sendPlanned`): a crash
 * between the commit and the post leaves a planned row, which the next scheduler tick sends.
 */
export class CardPublisher implements ChannelPublisher {
  constructor(
    private readonly deps: { db: DbClient; clock: Clock; logger: Logger; sender: OutboxSender; faults?: SendFaults },
  ) {}

  async publish({
    territoryId,
    channelId,
    card,
    subject,
    port,
  }: Parameters<ChannelPublisher["publish"]>[0]): Promise<PublishResult> {
    const { db, clock, logger, sender } = this.deps;
    const repos = readOnly(db);
    const key = publishedCardKey(subject.reference, subject.version);
    let planned = false;
    try {
      const { row, created } = await repos.outbox.planOnce(
        {
          territoryId,
          key,
          kind: cardKind(subject.kind),
          subject: subject.reference,
          channelId,
          payload: storeCard(markedCard(card, key)),
        },
        clock.now(),
      );
      planned = true;
      if (created) await sender.sendNow(row, port);
      return resultOf((await repos.outbox.byKey(territoryId, key)) ?? row);
    } catch (error) {
      logger.error({ err: error, channelId, key, territory: territoryId }, "could not post to channel");
      // Once planned, the row is the outbox's to finish (resumed, reconciled): the card is not lost.
      return planned ? { status: "checking", channelId } : { status: "failed", channelId };
    }
  }

  async sendPlanned({
    territoryId,
    planned,
    port,
  }: Parameters<ChannelPublisher["sendPlanned"]>[0]): Promise<PublishResult> {
    const { db, logger, sender } = this.deps;
    const repos = readOnly(db);
    try {
      await this.deps.faults?.afterCommit?.(planned.key);
      const row = await repos.outbox.byKey(territoryId, planned.key);
      if (!row) throw new Error("planned card has no outbox row");
      // Sent or being sent already (a scheduler tick took it first): the row tells how it went.
      if (row.state === "planned") await sender.sendNow(row, port);
      return resultOf((await repos.outbox.byKey(territoryId, planned.key)) ?? row);
    } catch (error) {
      logger.error({ err: error, channelId: planned.channelId, key: planned.key }, "could not post to channel");
      // The row was committed with the change: the outbox finishes it (resumed, reconciled).
      return { status: "checking", channelId: planned.channelId };
    }
  }

  /**
   * A case's event told in its card's thread, through the outbox the same way. Its key is drawn
   * for this event (two events may read alike); a double action is refused before it gets here.
   */
  async reply({ territoryId, root, card, port }: Parameters<ChannelPublisher["reply"]>[0]): Promise<void> {
    const { db, clock, logger, sender } = this.deps;
    const now = clock.now();
    const key = `e${now.getTime().toString(36)}${randomBytes(4).toString("hex")}`;
    try {
      const { row } = await readOnly(db).outbox.planOnce(
        {
          territoryId,
          key,
          kind: "thread_reply",
          channelId: root.channelId,
          threadOf: root.messageId,
          payload: storeCard(markedCard(card, key)),
        },
        now,
      );
      await sender.sendNow(row, port);
    } catch (error) {
      logger.error({ err: error, channel: root.channelId, key, territory: territoryId }, "thread reply failed");
    }
  }
}
