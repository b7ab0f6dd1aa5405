import { EventType, type MatrixClient } from "matrix-js-sdk";
import type { Logger } from "pino";
import { commands } from "../../../commands/index.ts";
import type { Card, CardButton, CardFile } from "../../core/card.ts";
import { outboxMarker, type PlatformPort, type PostedMessage, type ReminderPort } from "../../core/command.ts";
import type { Translate } from "../../core/i18n.ts";
import { ChannelGoneError, HistoryUnreadableError, NotSentError } from "../../core/platform-errors.ts";
import { encryptAttachment } from "./attachments.ts";
import type { CardChoices } from "./choices.ts";
import { cardToMatrix, type MatrixNotice } from "./render.ts";
import { retryAfter, type MatrixSender } from "./sender.ts";

/** The bot's command names, for `/name` → `!name` in card text. */
const COMMAND_NAMES = commands.map((module) => module.name);

export function renderForMatrix(card: Card, t: Translate): MatrixNotice {
  return cardToMatrix(card, {
    commands: COMMAND_NAMES,
    more: (count) => t("common:more", { count }),
    choicesHint: t("common:matrix.choices_hint"),
  });
}

/** Where a message goes in a room: a thread, and the message it answers. */
export interface Placement {
  threadRoot?: string;
  replyTo?: string;
}

/** The homeserver calls the adapter makes, paced by the sender, and the choices of posted cards. */
export class MatrixRooms {
  /** Cards being posted: their choices are remembered once the homeserver gives their event id. */
  private readonly posting = new Set<Promise<unknown>>();

  constructor(
    readonly client: MatrixClient,
    readonly sender: MatrixSender,
    readonly choices: CardChoices,
    private readonly logger: Logger,
  ) {}

  /** Sends a notice; refuses rooms the bot is not in, and, when asked, rooms that are not encrypted. */
  async send(roomId: string, notice: MatrixNotice, placement: Placement = {}, encryptedOnly = false): Promise<string> {
    const room = this.client.getRoom(roomId);
    if (room?.getMyMembership() !== "join") throw new ChannelGoneError(roomId);
    if (encryptedOnly && !room.hasEncryptionStateEvent())
      throw new Error(`Matrix room ${roomId} is not encrypted: private content is not sent there`);
    const relation = placement.threadRoot
      ? {
          "m.relates_to": {
            rel_type: "m.thread",
            event_id: placement.threadRoot,
            is_falling_back: !placement.replyTo,
            "m.in_reply_to": { event_id: placement.replyTo ?? placement.threadRoot },
          },
        }
      : placement.replyTo
        ? { "m.relates_to": { "m.in_reply_to": { event_id: placement.replyTo } } }
        : {};
    const txnId = this.client.makeTxnId();
    const content = { ...notice, ...relation };
    const response = await this.sender.run("send", () =>
      this.client.sendEvent(roomId, placement.threadRoot ?? null, EventType.RoomMessage, content as never, txnId),
    );
    return response.event_id;
  }

  async post(roomId: string, card: Card, t: Translate, placement: Placement = {}): Promise<PostedMessage> {
    const posted = this.send(roomId, renderForMatrix(card, t), placement).then(async (eventId) => {
      await this.remember(eventId, roomId, card.buttons ?? []);
      return eventId;
    });
    this.posting.add(posted);
    try {
      return { channelId: roomId, messageId: await posted };
    } finally {
      this.posting.delete(posted);
    }
  }

  /** The card is posted: choices that cannot be kept are logged, the member can still type the command. */
  private async remember(eventId: string, roomId: string, buttons: readonly CardButton[]): Promise<void> {
    try {
      await this.choices.remember(eventId, roomId, buttons);
    } catch (error) {
      this.logger.error({ err: error, room: roomId, event: eventId }, "Matrix: a card's choices could not be kept");
    }
  }

  /**
   * Resolves once the cards being posted are remembered. A member may see a card (and react to
   * it) before the homeserver's answer to the send reaches the bot: a choice waits for this.
   */
  async postsSettled(): Promise<void> {
    await Promise.allSettled([...this.posting]);
  }

  /** Replaces a posted card (`m.replace`): the record changed, so the message follows it. */
  async edit(message: PostedMessage, card: Card, t: Translate): Promise<void> {
    const notice = renderForMatrix(card, t);
    const content = {
      msgtype: notice.msgtype,
      body: `* ${notice.body}`,
      format: notice.format,
      formatted_body: `* ${notice.formatted_body}`,
      "m.mentions": {},
      "m.new_content": notice,
      "m.relates_to": { rel_type: "m.replace", event_id: message.messageId },
    };
    const txnId = this.client.makeTxnId();
    await this.sender.run("edit", () =>
      this.client.sendEvent(message.channelId, EventType.RoomMessage, content as never, txnId),
    );
    await this.remember(message.messageId, message.channelId, card.buttons ?? []);
  }

  /**
   * Sends a file as `m.file`: encrypted (key in the event) in an encrypted room, as is elsewhere.
   * With `encryptedOnly`, never in clear.
   */
  async sendFile(roomId: string, file: CardFile, encryptedOnly = false): Promise<string> {
    const room = this.client.getRoom(roomId);
    if (room?.getMyMembership() !== "join") throw new ChannelGoneError(roomId);
    const encrypted = room.hasEncryptionStateEvent();
    if (encryptedOnly && !encrypted)
      throw new Error(`Matrix room ${roomId} is not encrypted: private files are not sent there`);
    const sealed = encrypted ? encryptAttachment(file.data) : null;
    const upload = await this.sender.run("upload", () =>
      this.client.uploadContent(sealed ? sealed.ciphertext : file.data, {
        type: sealed ? "application/octet-stream" : file.contentType,
        ...(sealed ? { includeFilename: false } : { name: file.name }),
      }),
    );
    const content = {
      msgtype: "m.file",
      body: file.name,
      filename: file.name,
      info: { mimetype: file.contentType, size: file.data.length },
      ...(sealed ? { file: { ...sealed.info, url: upload.content_uri } } : { url: upload.content_uri }),
    };
    const txnId = this.client.makeTxnId();
    const response = await this.sender.run("send", () =>
      this.client.sendEvent(roomId, EventType.RoomMessage, content as never, txnId),
    );
    return response.event_id;
  }

  /** A reaction from the bot (an acknowledgement); failures only logged. */
  async react(roomId: string, eventId: string, key: string): Promise<void> {
    try {
      const txnId = this.client.makeTxnId();
      await this.sender.run("react", () =>
        this.client.sendEvent(
          roomId,
          EventType.Reaction,
          { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } } as never,
          txnId,
        ),
      );
    } catch (error) {
      this.logger.warn({ err: error, room: roomId }, "Matrix reaction failed");
    }
  }

  /**
   * A message of the bot in a room since `since` whose text carries `marker`, reading back through
   * the room's history as far as `since`. Throws HistoryUnreadableError when that history cannot be
   * read in full: too long, or a message of the bot it cannot decrypt (sent by a device of an earlier
   * run whose keys did not come back from the backup), since the marker could be in it.
   */
  async findMessage(roomId: string, marker: string, since: Date): Promise<string | null> {
    const room = this.client.getRoom(roomId);
    if (!room) throw new ChannelGoneError(roomId);
    const me = this.client.getUserId();
    const timeline = room.getLiveTimeline();
    for (let page = 0; page <= MAX_HISTORY_PAGES; page += 1) {
      let reachedSince = false;
      for (const event of [...timeline.getEvents()].reverse()) {
        if (event.getTs() < since.getTime()) {
          reachedSince = true;
          break;
        }
        if (event.getSender() !== me) continue;
        if (event.isEncrypted()) await this.client.decryptEventIfNeeded(event);
        if (event.isDecryptionFailure())
          throw new HistoryUnreadableError(roomId, "a message of the bot cannot be decrypted");
        const body: unknown = event.getContent().body;
        if (typeof body === "string" && body.includes(marker)) return event.getId() ?? null;
      }
      if (reachedSince) return null;
      const more = await this.sender.run("history", () =>
        this.client.paginateEventTimeline(timeline, { backwards: true, limit: 50 }),
      );
      if (!more) return null;
    }
    throw new HistoryUnreadableError(roomId, `more than ${MAX_HISTORY_PAGES * 50} messages since the post`);
  }
}

/** How far back a lost post is looked for, in pages of 50 events. */
const MAX_HISTORY_PAGES = 10;

/**
 * A post the homeserver refused for good (forbidden, unknown room…) was not made: the outbox may
 * send it again. Rate limits were already waited out by the sender; anything else (no answer) is
 * left for the outbox to reconcile.
 */
async function postOrNotSent<T>(post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    const e = error as { errcode?: unknown; httpStatus?: unknown };
    if (typeof e.errcode === "string" && typeof e.httpStatus === "number" && e.httpStatus >= 400 && e.httpStatus < 500)
      throw new NotSentError(e.errcode, retryAfter(error), error);
    throw error;
  }
}

/** The port commands use: posts in bound rooms (as the outbox posts), edits of cards. */
export function matrixPort(rooms: MatrixRooms, t: Translate, logger: Logger): PlatformPort {
  return {
    ...matrixReminderPort(rooms, t),
    // A room the bot has joined: it knows it from its sync, no request needed.
    async checkChannel(roomId) {
      return rooms.client.getRoom(roomId)?.getMyMembership() === "join" ? "known" : "unknown";
    },
    async update(message, card) {
      try {
        await rooms.edit(message, card, t);
      } catch (error) {
        logger.error({ err: error, room: message.channelId, event: message.messageId }, "Matrix edit failed");
      }
    },
  };
}

export function matrixReminderPort(rooms: MatrixRooms, t: Translate): ReminderPort {
  return {
    // A case's later events go in the thread rooted at its card (`m.thread`).
    post: (roomId, card, _key, thread) =>
      postOrNotSent(() => rooms.post(roomId, card, t, thread ? { threadRoot: thread } : {})),
    // The outbox key shows in the notice's text as its marker.
    async findMessage(roomId, key, since, thread) {
      // Thread events may sit in the thread's own timeline, not read here: never guess "not posted".
      if (thread) throw new HistoryUnreadableError(roomId, "a thread's history is not searched");
      return rooms.findMessage(roomId, outboxMarker(key), since);
    },
  };
}
