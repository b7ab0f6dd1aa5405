import { DiscordAPIError, type Client } from "discord.js";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import type { PlatformPort, PostedMessage, ReminderPort } from "../../core/command.ts";
import { ChannelGoneError } from "../../core/platform-errors.ts";
import type { Translate } from "../../core/i18n.ts";
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

/** Posts reminders, and finds one posted just before a crash by the marker in its footer. */
export function discordReminderPort(client: Client, t: Translate): ReminderPort {
  return {
    async post(channelId, card) {
      const message = await (await sendable(client, channelId)).send(renderForDiscord(card, t));
      return { channelId, messageId: message.id };
    },
    async findMessage(channelId, marker, since) {
      const channel = await sendable(client, channelId);
      if (!("messages" in channel)) return null;
      const recent = await channel.messages.fetch({ limit: 50 });
      const found = recent.find(
        (m) => m.createdTimestamp >= since.getTime() && m.embeds.some((e) => e.footer?.text.includes(marker)),
      );
      return found?.id ?? null;
    },
  };
}

/** Posting and editing channel messages; discord.js queues requests and waits out 429s itself. */
export function discordPort(client: Client, t: Translate, logger: Logger): PlatformPort {
  const reminders = discordReminderPort(client, t);
  return {
    post: (channelId: string, card: Card): Promise<PostedMessage> => reminders.post(channelId, card),
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
