import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import type { PlatformPort, PostedMessage, ReminderPort } from "../../core/command.ts";
import { ChannelGoneError } from "../../core/platform-errors.ts";
import type { Translate } from "../../core/i18n.ts";
import { cardToBlockKit, inertSlackText, type SlackMessage } from "./render.ts";

export function renderForSlack(card: Card, t: Translate): SlackMessage {
  return cardToBlockKit(card, (count) => t("common:more", { count }));
}

/** Slack errors that mean the channel is not coming back: retrying would never help. */
const GONE = new Set(["channel_not_found", "is_archived", "not_in_channel", "channel_is_archived"]);

function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

async function postCard(client: WebClient, channelId: string, card: Card, t: Translate): Promise<PostedMessage> {
  try {
    const result = await client.chat.postMessage({ channel: channelId, ...renderForSlack(card, t) });
    if (!result.ts) throw new Error(`chat.postMessage to ${channelId} returned no ts`);
    return { channelId: result.channel ?? channelId, messageId: result.ts };
  } catch (error) {
    if (GONE.has(slackError(error) ?? "")) throw new ChannelGoneError(channelId, error);
    throw error;
  }
}

/** Posts reminders, and finds one posted just before a crash by the marker in its footer. */
export function slackReminderPort(client: WebClient, t: Translate): ReminderPort {
  return {
    post: (channelId, card) => postCard(client, channelId, card, t),
    async findMessage(channelId, marker, since) {
      const history = await client.conversations.history({
        channel: channelId,
        oldest: String(since.getTime() / 1000),
        limit: 200,
      });
      const found = (history.messages ?? []).find((m) => JSON.stringify(m.blocks ?? []).includes(marker));
      return found?.ts ?? null;
    },
  };
}

/** Posting and updating messages through the Web API (which retries 429s after Retry-After). */
export function slackPort(client: WebClient, t: Translate, logger: Logger): PlatformPort {
  return {
    post: (channelId, card) => postCard(client, channelId, card, t),
    async update(message: PostedMessage, card: Card): Promise<void> {
      try {
        await client.chat.update({ channel: message.channelId, ts: message.messageId, ...renderForSlack(card, t) });
      } catch (error) {
        logger.error({ err: error, channel: message.channelId, ts: message.messageId }, "chat.update failed");
      }
    },
  };
}

/**
 * Files go where the reply goes: in the channel for a channel card; for a private one, in the
 * member's direct messages (Slack has no private message with files in a channel).
 */
export async function uploadFiles(client: WebClient, card: Card, channelId: string, userId: string): Promise<void> {
  let target = channelId;
  if (card.visibility === "private") {
    const im = await client.conversations.open({ users: userId });
    if (!im.channel?.id) throw new Error("conversations.open returned no channel");
    target = im.channel.id;
  }
  await client.files.uploadV2({
    channel_id: target,
    initial_comment: inertSlackText(card.title),
    file_uploads: (card.files ?? []).map((f) => ({ file: f.data, filename: f.name })),
  });
}
