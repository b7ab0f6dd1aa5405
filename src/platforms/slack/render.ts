import { MENTION_TOKEN, type Card } from "../../core/card.ts";
import { chunkLines, truncate } from "../../core/text-limits.ts";
import { encodeButton } from "./button-payload.ts";
import {
  BUTTONS_PER_ROW,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_BUTTON_VALUE,
  SLACK_MAX_CONTEXT_TEXT,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_FIELDS_PER_SECTION,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_TEXT,
  slackMessageProblems,
} from "./limits.ts";

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const MAX_BUTTON_ROWS = 5;

const TONE_EMOJI: Record<NonNullable<Card["tone"]>, string> = { info: "ℹ️", success: "✅", warning: "⚠️", error: "❌" };

/**
 * Text that cannot notify or link anyone on Slack, wherever it goes (blocks, the top-level `text`,
 * a file's comment): `&`, `<` and `>` are escaped, so `<!here>`, `<@U…>`, `<#C…>` or
 * `<!subteam^…>` show as typed, and a zero-width space keeps a bare "@here" from being read as one.
 */
export function inertSlackText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(here|channel|everyone)\b/gi, "@\u200b$1");
}

/** Card text for mrkdwn: inert, except the mentions the code itself made with mention(). */
export function escapeMrkdwn(text: string): string {
  return inertSlackText(text).replace(MENTION_TOKEN, "<@$1>");
}

/**
 * Renders a Card as Block Kit. Pure. Every Slack limit is respected by construction: long texts are
 * cut with a visible "…", extra blocks are dropped behind a "more" line (`moreLabel`).
 */
export function cardToBlockKit(card: Card, moreLabel: (count: number) => string): SlackMessage {
  const header: SlackBlock = {
    type: "header",
    text: {
      type: "plain_text",
      text: truncate(`${TONE_EMOJI[card.tone ?? "info"]} ${card.title}`, SLACK_MAX_HEADER_TEXT),
      emoji: true,
    },
  };
  const body: SlackBlock[] = [];
  const fields = card.fields ?? [];
  for (let i = 0; i < fields.length; i += SLACK_MAX_FIELDS_PER_SECTION) {
    body.push({
      type: "section",
      fields: fields.slice(i, i + SLACK_MAX_FIELDS_PER_SECTION).map((f) => ({
        type: "mrkdwn",
        text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, SLACK_MAX_FIELD_TEXT),
        verbatim: true,
      })),
    });
  }
  for (const chunk of chunkLines((card.lines ?? []).map(escapeMrkdwn), SLACK_MAX_SECTION_TEXT)) {
    body.push({ type: "section", text: { type: "mrkdwn", text: chunk, verbatim: true } });
  }
  const tail: SlackBlock[] = [];
  // As on Discord, at most five rows of five: a card is not a menu.
  const buttons = (card.buttons ?? []).slice(0, BUTTONS_PER_ROW * MAX_BUTTON_ROWS);
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) {
    tail.push({
      type: "actions",
      elements: buttons.slice(i, i + BUTTONS_PER_ROW).map((button, j) => {
        const value = encodeButton(button);
        if (value.length > SLACK_MAX_BUTTON_VALUE)
          throw new Error(
            `Button "${button.label}" carries ${value.length} characters; Slack allows ${SLACK_MAX_BUTTON_VALUE}. Shorten its arguments.`,
          );
        return {
          type: "button",
          action_id: `btn:${i + j}`,
          text: { type: "plain_text", text: truncate(button.label, SLACK_MAX_BUTTON_TEXT), emoji: true },
          value,
          ...(button.style ? { style: button.style } : {}),
        };
      }),
    });
  }
  if (card.footer)
    tail.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(escapeMrkdwn(card.footer), SLACK_MAX_CONTEXT_TEXT), verbatim: true }],
    });
  // Over the block limit, the body is cut (the title, buttons and footer stay) behind a visible line.
  const room = SLACK_MAX_BLOCKS - 1 - tail.length;
  const kept =
    body.length > room
      ? [
          ...body.slice(0, room - 1),
          { type: "context", elements: [{ type: "mrkdwn", text: moreLabel(body.length - (room - 1)) }] },
        ]
      : body;
  const message = {
    text: truncate(inertSlackText(card.title), SLACK_MAX_FALLBACK_TEXT),
    blocks: [header, ...kept, ...tail],
  };
  const problems = slackMessageProblems(message);
  if (problems.length > 0)
    throw new Error(`Card "${card.title}" would be refused by Slack (${problems.join("; ")}): fix the renderer.`);
  return message;
}
