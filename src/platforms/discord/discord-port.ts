import { createHash } from "node:crypto";
import { ChannelType, DiscordAPIError, Routes, type Client } from "discord.js";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import {
  type ChannelCheck,
  outboxMarker,
  type PlatformPort,
  type PostedMessage,
  type ReminderPort,
} from "../../core/command.ts";
import { ChannelGoneError, HistoryUnreadableError, NotSentError } from "../../core/platform-errors.ts";
import type { Translate } from "../../core/i18n.ts";
import { truncate } from "../../core/text-limits.ts";
import { DISCORD_LIMITS } from "./limits.ts";
import { cardToDiscord, type DiscordMessage } from "./render.ts";

export function renderForDiscord(card: Card, t: Translate): DiscordMessage {
  return cardToDiscord(card, (count) => t("common:more", { count }));
}

/** Unknown Channel, Missing Access: the channel is gone for the bot, retrying would never help. */
const GONE_CODES = new Set([10003, 50001]);

async function sendable(client: Client, channelId: string) {
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new ChannelGoneError(channelId);
    return channel;
  } catch (error) {
    if (error instanceof DiscordAPIError && typeof error.code === "number" && GONE_CODES.has(error.code))
      throw new ChannelGoneError(channelId, error);
    throw error;
  }
}

/** Pages of 100 messages read back to find a post before calling its outcome uncertain. */
const HISTORY_PAGES_MAX = 20;
/** Missing Access, Missing Permissions (no Read Message History): the history cannot be read. */
const UNREADABLE_CODES = new Set([50001, 50013]);

/** Discord takes a nonce of at most 25 characters: a longer key is hashed down to one. */
const NONCE_MAX = 25;
function nonceOf(key: string): string {
  return key.length <= NONCE_MAX ? key : createHash("sha256").update(key).digest("base64url").slice(0, NONCE_MAX);
}

async function postCard(client: Client, channelId: string, card: Card, t: Translate, key?: string) {
  const channel = await sendable(client, channelId);
  try {
    // With a nonce and enforce_nonce, Discord answers a repeated create (discord.js retries a 500
    // or a timeout) with the message already made instead of a second one.
    const message = await channel.send({
      ...renderForDiscord(card, t),
      ...(key ? { nonce: nonceOf(key), enforceNonce: true } : {}),
    });
    return { channelId, messageId: message.id };
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      if (typeof error.code === "number" && GONE_CODES.has(error.code)) throw new ChannelGoneError(channelId, error);
      // Discord refused the message (4xx): nothing was posted.
      if (error.status >= 400 && error.status < 500) throw new NotSentError(String(error.code), null, error);
    }
    throw error;
  }
}

async function findPosted(client: Client, channelId: string, key: string, since: Date): Promise<string | null> {
  const marker = outboxMarker(key);
  try {
    const channel = await sendable(client, channelId);
    if (!("messages" in channel)) throw new HistoryUnreadableError(channelId, "no message history");
    let before: string | undefined;
    for (let page = 0; page < HISTORY_PAGES_MAX; page++) {
      const batch = await channel.messages.fetch({ limit: 100, cache: false, ...(before ? { before } : {}) });
      for (const message of batch.values())
        if (message.nonce === nonceOf(key) || message.embeds.some((e) => e.footer?.text.includes(marker)))
          return message.id;
      const oldest = batch.last();
      if (!oldest || batch.size < 100 || oldest.createdTimestamp < since.getTime()) return null;
      before = oldest.id;
    }
    throw new HistoryUnreadableError(channelId, `more than ${HISTORY_PAGES_MAX * 100} messages since the post`);
  } catch (error) {
    if (error instanceof ChannelGoneError) throw new HistoryUnreadableError(channelId, "channel gone", error);
    if (error instanceof DiscordAPIError && typeof error.code === "number" && UNREADABLE_CODES.has(error.code))
      throw new HistoryUnreadableError(channelId, String(error.code), error);
    throw error;
  }
}

/** Posts reminders with their outbox key as nonce, and finds one again in the channel's history. */
export function discordReminderPort(client: Client, t: Translate): ReminderPort {
  return {
    // A thread started from a message is a channel with the message's id.
    async post(channelId, card, key, thread) {
      const target = thread ? await threadFor(client, { channelId, messageId: thread }, card.title) : channelId;
      return postCard(client, target, card, t, key);
    },
    findMessage: (channelId, key, since, thread) => findPosted(client, thread ?? channelId, key, since),
  };
}

/** Discord's answers that a channel does not exist or is not the bot's to see. */
const UNKNOWN_CHANNEL = new Set([10003, 50001, 50035]);

/**
 * Posting and editing channel messages; discord.js queues requests and waits out 429s itself.
 * `guildId` is the territory's server: without it, no channel can be checked as one of its own.
 */
export function discordPort(client: Client, t: Translate, logger: Logger, guildId?: string): PlatformPort {
  const reminders = discordReminderPort(client, t);
  return {
    ...reminders,
    async checkChannel(channelId: string): Promise<ChannelCheck> {
      if (!guildId) return "unchecked";
      try {
        // From the cache when the gateway told of it, otherwise asked over REST.
        const channel = await client.channels.fetch(channelId);
        // A text or announcement channel: not a voice channel's chat, a thread or another server's.
        return channel &&
          (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement) &&
          channel.guildId === guildId
          ? "known"
          : "unknown";
      } catch (error) {
        if (error instanceof DiscordAPIError && (UNKNOWN_CHANNEL.has(Number(error.code)) || error.status === 404))
          return "unknown";
        logger.warn({ err: error, channel: channelId }, "Discord channel check failed");
        return "unchecked";
      }
    },
    async update(posted: PostedMessage, card: Card): Promise<void> {
      try {
        const channel = await sendable(client, posted.channelId);
        if (!("messages" in channel)) throw new Error(`Discord channel ${posted.channelId} has no messages`);
        await channel.messages.edit(posted.messageId, renderForDiscord(card, t));
      } catch (error) {
        logger.error(
          { err: error, channel: posted.channelId, message: posted.messageId },
          "Discord message edit failed",
        );
      }
    },
  };
}

/** The case's thread to post in; Discord refusing to start it (4xx) means nothing was posted. */
async function threadFor(client: Client, root: PostedMessage, name: string): Promise<string> {
  try {
    return await caseThread(client, root, name);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status >= 400 && error.status < 500)
      throw new NotSentError(String(error.code), null, error);
    throw error;
  }
}

/** A thread started from a message takes the message's id; Discord says so when it exists already. */
const THREAD_ALREADY_CREATED = 160004;

/** The thread under a case's card, started on its first reply. Returns the thread's channel id. */
async function caseThread(client: Client, root: PostedMessage, name: string): Promise<string> {
  try {
    await client.rest.post(Routes.threads(root.channelId, root.messageId), {
      body: { name: truncate(name, DISCORD_LIMITS.threadName), auto_archive_duration: 10_080 },
    });
  } catch (error) {
    if (!(error instanceof DiscordAPIError && error.code === THREAD_ALREADY_CREATED)) throw error;
  }
  return root.messageId;
}
