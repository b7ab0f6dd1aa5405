import type { Client } from "discord.js";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import type { PlatformPort, PostedMessage } from "../../core/command.ts";
import type { Translate } from "../../core/i18n.ts";
import { cardToDiscord, type DiscordMessage } from "./render.ts";

export function renderForDiscord(card: Card, t: Translate): DiscordMessage {
  return cardToDiscord(card, (count) => t("common:more", { count }));
}

/** Posting and editing channel messages; discord.js queues requests and waits out 429s itself. */
export function discordPort(client: Client, t: Translate, logger: Logger): PlatformPort {
  const sendable = async (channelId: string) => {
    const channel = await client.channels.fetch(channelId);
    if (!channel || !channel.isSendable()) throw new Error(`Discord channel ${channelId} cannot receive messages`);
    return channel;
  };
  return {
    async post(channelId: string, card: Card): Promise<PostedMessage> {
      const message = await (await sendable(channelId)).send(renderForDiscord(card, t));
      return { channelId, messageId: message.id };
    },
    async update(posted: PostedMessage, card: Card): Promise<void> {
      try {
        const channel = await sendable(posted.channelId);
        if (!("messages" in channel)) throw new Error(`Discord channel ${posted.channelId} has no messages`);
        await channel.messages.edit(posted.messageId, renderForDiscord(card, t));
      } catch (error) {
        logger.error({ err: error, channel: posted.channelId, message: posted.messageId }, "Discord message edit failed");
      }
    },
  };
}
