import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { SlackMessage } from "./render.ts";

/**
 * Slack lets a response_url be used five times in thirty minutes: an answer takes at most four
 * tries, so one use is always left. Waits grow 0.5, 1, 2 s; a Retry-After is honoured up to 10 s.
 */
export const RESPONSE_URL_ATTEMPTS = 4;
const RETRY_AFTER_MAX_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

export type AnswerRoute = "response_url" | "ephemeral" | "channel" | "direct_message" | "lost";

export interface AnswerTarget {
  responseUrl?: string;
  channelId: string;
  userId: string;
  /** Channel answers go in the channel; private ones only to the member. */
  visibility: "channel" | "private";
}

export interface AnswerDeps {
  client: WebClient;
  poster: WebClient;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Posts on the response_url: true when Slack took it, false when the URL is spent or refused. */
async function viaResponseUrl(url: string, body: unknown, deps: AnswerDeps): Promise<boolean> {
  const sleep = deps.sleep ?? defaultSleep;
  for (let attempt = 1; attempt <= RESPONSE_URL_ATTEMPTS; attempt++) {
    let wait = 500 * 2 ** (attempt - 1);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (response.ok) return true;
      // 404/410 (expired or used up) and other refusals: another try would get the same.
      if (response.status !== 429 && response.status < 500) return false;
      const retryAfter = Number(response.headers.get("retry-after"));
      if (response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0)
        wait = Math.min(retryAfter * 1000, RETRY_AFTER_MAX_MS);
      deps.logger.warn({ status: response.status, attempt }, "response_url answer refused for now");
    } catch (error) {
      deps.logger.warn({ err: error, attempt }, "response_url unreachable");
    }
    if (attempt < RESPONSE_URL_ATTEMPTS) await sleep(wait);
  }
  return false;
}

async function directMessage(target: AnswerTarget, message: SlackMessage, deps: AnswerDeps): Promise<boolean> {
  try {
    const im = await deps.client.conversations.open({ users: target.userId });
    if (!im.channel?.id) return false;
    await deps.poster.chat.postMessage({
      ...(deps.client.token ? { token: deps.client.token } : {}),
      channel: im.channel.id,
      ...message,
    });
    return true;
  } catch (error) {
    deps.logger.error({ err: error }, "direct message answer failed");
    return false;
  }
}

/**
 * Delivers a command's answer: on the response_url, retried with backoff within Slack's limits;
 * then in the channel (an ephemeral for a private answer, which Slack refuses in a DM or a
 * channel the bot is not in); then, last, in the member's direct messages. A private answer
 * never falls back to anywhere others can read it.
 */
export async function deliverAnswer(
  target: AnswerTarget,
  message: SlackMessage,
  deps: AnswerDeps,
): Promise<AnswerRoute> {
  const responseType = target.visibility === "channel" ? "in_channel" : "ephemeral";
  if (
    target.responseUrl &&
    (await viaResponseUrl(
      target.responseUrl,
      { response_type: responseType, replace_original: false, ...message },
      deps,
    ))
  )
    return "response_url";
  const token = deps.client.token ? { token: deps.client.token } : {};
  try {
    if (target.visibility === "channel") {
      await deps.poster.chat.postMessage({ ...token, channel: target.channelId, ...message });
      return "channel";
    }
    await deps.poster.chat.postEphemeral({ ...token, channel: target.channelId, user: target.userId, ...message });
    return "ephemeral";
  } catch (error) {
    deps.logger.warn({ err: error, channel: target.channelId }, "answer not postable in the channel; direct message");
  }
  if (await directMessage(target, message, deps)) return "direct_message";
  deps.logger.error({ channel: target.channelId, user: target.userId }, "answer lost: no way to reach the member");
  return "lost";
}
