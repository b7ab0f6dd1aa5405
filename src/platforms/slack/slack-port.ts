import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import type { PlatformPort, PostedMessage } from "../../core/command.ts";
import type { Translate } from "../../core/i18n.ts";
import { cardToBlockKit, type SlackMessage } from "./render.ts";

export function renderForSlack(card: Card, t: Translate): SlackMessage {
  return cardToBlockKit(card, (count) => t("common:more", { count }));
}

/** Posting and updating messages through the Web API (which retries 429s after Retry-After). */
export function slackPort(client: WebClient, t: Translate, logger: Logger): PlatformPort {
  return {
    async post(channelId: string, card: Card): Promise<PostedMessage> {
      const result = await client.chat.postMessage({ channel: channelId, ...renderForSlack(card, t) });
      if (!result.ts) throw new Error(`chat.postMessage to ${channelId} returned no ts`);
      return { channelId: result.channel ?? channelId, messageId: result.ts };
    },
    async update(message: PostedMessage, card: Card): Promise<void> {
      try {
        await client.chat.update({ channel: message.channelId, ts: message.messageId, ...renderForSlack(card, t) });
      } catch (error) {
        logger.error({ err: error, channel: message.channelId, ts: message.messageId }, "chat.update failed");
      }
    },
  };
}
