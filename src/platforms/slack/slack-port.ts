import { WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from "@slack/web-api";
import { z } from "zod";
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
import { slackLogger } from "./logger-bridge.ts";
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

/** The message metadata type the bot tags its outbox posts with (read back with the history). */
export const OUTBOX_EVENT_TYPE = "iml_outbox";
/** History pages read to find a post (200 messages each) before calling the outcome uncertain. */
const HISTORY_PAGES_MAX = 25;

/**
 * A client for posting: no automatic retries (chat.postMessage is not idempotent: a retry after a
 * 500 that did post would post twice) and rate limits handed back to the caller, who decides.
 */
/** The client of a single-workspace bot (SLACK_BOT_TOKEN), for a process that only posts (the scheduler). */
export function botClient(token: string, slackApiUrl?: string): WebClient {
  return new WebClient(token, slackApiUrl ? { slackApiUrl } : {});
}

export function postingClient(slackApiUrl: string, logger: Logger, timeoutMs = 10_000): WebClient {
  return new WebClient(undefined, {
    slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: slackLogger(logger),
  });
}

/** Each post carries the token of the client it stands for (one per workspace). */
interface Posting {
  client: WebClient;
  poster: WebClient;
}

async function postCard(
  { client, poster }: Posting,
  channelId: string,
  card: Card,
  t: Translate,
  key?: string,
  thread?: string,
): Promise<PostedMessage> {
  try {
    const result = await poster.chat.postMessage({
      ...(client.token ? { token: client.token } : {}),
      channel: channelId,
      ...(thread ? { thread_ts: thread } : {}),
      ...renderForSlack(card, t),
      ...(key ? { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } } } : {}),
    });
    if (!result.ts) throw new Error(`chat.postMessage to ${channelId} returned no ts`);
    return { channelId: result.channel ?? channelId, messageId: result.ts };
  } catch (error) {
    const code = slackError(error) ?? "";
    if (GONE.has(code)) throw new ChannelGoneError(channelId, error);
    if (error instanceof WebAPIRateLimitedError)
      throw new NotSentError("ratelimited", Math.max(1, error.retryAfter) * 1000, error);
    // Slack answered with an error (ok: false): nothing was posted.
    if (error instanceof WebAPIPlatformError) throw new NotSentError(code || error.message, null, error);
    throw error; // a 5xx, a cut connection, a timeout: it may have been posted
  }
}

const RATE_LIMIT_WAIT_MAX_MS = 30_000;

/** A card posted while a member waits: a rate limit is waited out (a few times), nothing else is retried. */
async function postWaitingOutRateLimits(
  posting: Posting,
  channelId: string,
  card: Card,
  t: Translate,
  key?: string,
  thread?: string,
) {
  for (let waits = 0; ; waits++) {
    try {
      return await postCard(posting, channelId, card, t, key, thread);
    } catch (error) {
      const wait = error instanceof NotSentError ? error.retryAfterMs : null;
      if (wait === null || wait > RATE_LIMIT_WAIT_MAX_MS || waits >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

const HistoryMessage = z.object({
  ts: z.string().optional(),
  blocks: z.unknown().optional(),
  metadata: z
    .object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() })
    .optional(),
});

/** Posts reminders tagged with their outbox key, and finds one again in the channel's history. */
export function slackReminderPort(client: WebClient, poster: WebClient, t: Translate): ReminderPort {
  return {
    post: (channelId, card, key, thread) => postCard({ client, poster }, channelId, card, t, key, thread),
    async findMessage(channelId, key, since, thread) {
      const marker = outboxMarker(key);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES_MAX; page++) {
        let history: Awaited<ReturnType<WebClient["conversations"]["history"]>>;
        const query = {
          channel: channelId,
          oldest: String(since.getTime() / 1000),
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        };
        try {
          // A thread's replies are not in the channel's history: they are read from the thread.
          history = thread
            ? await client.conversations.replies({ ...query, ts: thread })
            : await client.conversations.history(query);
        } catch (error) {
          // not_in_channel, channel_not_found, missing_scope...: Slack will not tell us.
          if (error instanceof WebAPIPlatformError)
            throw new HistoryUnreadableError(channelId, slackError(error) ?? "", error);
          throw error;
        }
        for (const raw of history.messages ?? []) {
          const message = HistoryMessage.safeParse(raw);
          if (!message.success || !message.data.ts) continue;
          const meta = message.data.metadata;
          if (meta?.event_type === OUTBOX_EVENT_TYPE && meta.event_payload?.key === key) return message.data.ts;
          if (JSON.stringify(message.data.blocks ?? []).includes(marker)) return message.data.ts;
        }
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!history.has_more || !cursor) return null;
      }
      throw new HistoryUnreadableError(channelId, `more than ${HISTORY_PAGES_MAX * 200} messages since the post`);
    },
  };
}

/**
 * Posting (tagged with its outbox key, never retried but for a rate limit) and updating messages
 * through the Web API (which retries updates after Retry-After).
 */
export function slackPort(client: WebClient, poster: WebClient, t: Translate, logger: Logger): PlatformPort {
  return {
    post: (channelId, card, key, thread) =>
      postWaitingOutRateLimits({ client, poster }, channelId, card, t, key, thread),
    findMessage: slackReminderPort(client, poster, t).findMessage,
    async checkChannel(channelId: string): Promise<ChannelCheck> {
      try {
        const found = await client.conversations.info({ channel: channelId });
        return found.channel?.id === channelId && !found.channel.is_archived ? "known" : "unknown";
      } catch (error) {
        // Slack answers channel_not_found for a private channel the bot is not in, too.
        if (slackError(error) === "channel_not_found") return "unknown";
        logger.warn({ err: error, channel: channelId }, "conversations.info failed");
        return "unchecked";
      }
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
