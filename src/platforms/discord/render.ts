import { MENTION_TOKEN, mentionedIds, type Card, type CardButton } from "../../core/card.ts";
import { truncate } from "../../core/text-limits.ts";
import { encodeButtonId } from "./custom-id.ts";
import {
  DISCORD_BUTTONS_PER_ROW,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_EMBED_DESCRIPTION,
  DISCORD_MAX_EMBED_FIELDS,
  DISCORD_MAX_EMBED_TITLE,
  DISCORD_MAX_EMBED_TOTAL,
  DISCORD_MAX_EMBEDS,
  DISCORD_MAX_FIELD_NAME,
  DISCORD_MAX_FIELD_VALUE,
  DISCORD_MAX_FOOTER,
  DISCORD_MAX_ROWS,
  embedCharacters,
  messageProblems,
} from "./limits.ts";

/** Characters kept free for the "more" line that says how many fields were left out. */
const MORE_LINE_ROOM = 100;

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color: number;
  fields?: { name: string; value: string; inline: boolean }[];
  footer?: { text: string };
}

export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordMessage {
  embeds: DiscordEmbed[];
  components: { type: 1; components: DiscordButton[] }[];
  /** Who may be notified: only the members the code mentioned with mention(); never roles or @everyone. */
  allowedMentions: { parse: []; users: string[] };
}

/**
 * Member text that renders as typed on Discord: a zero-width space after `<` keeps `<@…>`,
 * `<@&…>`, `<#…>`, `</…>`, `<t:…>` and custom emoji from becoming clickable, and one after `@`
 * keeps "@everyone" and "@here" inert.
 */
export function inertDiscordText(text: string): string {
  return text.replace(/<(?=[@#/:]|a:|t:)/g, "<\u200b").replace(/@(everyone|here)\b/gi, "@\u200b$1");
}

/** Card text for Discord: inert, except the mentions the code itself made with mention(). */
function discordText(text: string): string {
  return inertDiscordText(text).replace(MENTION_TOKEN, "<@$1>");
}

const TONE_COLOR: Record<NonNullable<Card["tone"]>, number> = {
  info: 0x2c5f8a,
  success: 0x2e7d32,
  warning: 0xd98c00,
  error: 0xc62828,
};
const BUTTON_STYLE: Record<NonNullable<CardButton["style"]> | "default", 1 | 2 | 4> = {
  primary: 1,
  default: 2,
  danger: 4,
};

/**
 * Renders a Card as Discord embeds and button rows. Pure. Limits are respected by construction:
 * texts cut with "…", fields spread over several embeds, and what still does not fit is replaced by
 * a visible "more" line (`moreLabel`).
 */
export function cardToDiscord(card: Card, moreLabel: (count: number) => string): DiscordMessage {
  const color = TONE_COLOR[card.tone ?? "info"];
  const first: DiscordEmbed = { title: truncate(inertDiscordText(card.title), DISCORD_MAX_EMBED_TITLE), color };
  const description = discordText((card.lines ?? []).join("\n"));
  if (description) first.description = truncate(description, DISCORD_MAX_EMBED_DESCRIPTION);
  const embeds: DiscordEmbed[] = [first];
  // Discord counts 6,000 characters for the whole message: room is kept for the footer and a "more" line.
  const footerRoom = Math.min(card.footer?.length ?? 0, DISCORD_MAX_FOOTER) + MORE_LINE_ROOM;
  let total = embedCharacters(embeds);
  let dropped = 0;
  for (const field of card.fields ?? []) {
    const value = discordText(field.value || "-");
    const rendered = {
      name: truncate(inertDiscordText(field.label) || "\u200b", DISCORD_MAX_FIELD_NAME),
      value: truncate(value, DISCORD_MAX_FIELD_VALUE),
      inline: field.inline ?? false,
    };
    const size = rendered.name.length + rendered.value.length;
    let current = embeds[embeds.length - 1] ?? first;
    if (dropped > 0 || total + size > DISCORD_MAX_EMBED_TOTAL - footerRoom) {
      dropped++;
      continue;
    }
    if ((current.fields?.length ?? 0) >= DISCORD_MAX_EMBED_FIELDS) {
      if (embeds.length >= DISCORD_MAX_EMBEDS) {
        dropped++;
        continue;
      }
      current = { color };
      embeds.push(current);
    }
    current.fields = [...(current.fields ?? []), rendered];
    total += size;
  }
  const footerText = [card.footer && inertDiscordText(card.footer), dropped > 0 ? moreLabel(dropped) : undefined]
    .filter(Boolean)
    .join("\n");
  const last = embeds[embeds.length - 1] ?? first;
  if (footerText)
    last.footer = {
      text: truncate(footerText, Math.min(DISCORD_MAX_FOOTER, DISCORD_MAX_EMBED_TOTAL - total)),
    };
  // Two buttons doing the same thing (one record named twice in a digest) would share a custom id,
  // which Discord refuses: one is enough.
  const unique = new Map<string, CardButton>();
  for (const button of card.buttons ?? []) {
    const id = encodeButtonId(button);
    if (!unique.has(id)) unique.set(id, button);
  }
  const buttons = [...unique].slice(0, DISCORD_BUTTONS_PER_ROW * DISCORD_MAX_ROWS);
  const components: DiscordMessage["components"] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_BUTTONS_PER_ROW) {
    components.push({
      type: 1,
      components: buttons.slice(i, i + DISCORD_BUTTONS_PER_ROW).map(([id, b]) => ({
        type: 2,
        style: BUTTON_STYLE[b.style ?? "default"],
        label: truncate(b.label, DISCORD_MAX_BUTTON_LABEL),
        custom_id: id,
      })),
    });
  }
  const texts = [...(card.lines ?? []), ...(card.fields ?? []).map((f) => f.value), card.footer ?? ""];
  const message: DiscordMessage = { embeds, components, allowedMentions: { parse: [], users: mentionedIds(texts) } };
  const problems = messageProblems(message);
  if (problems.length > 0)
    throw new Error(`Card "${card.title}" would be refused by Discord (${problems.join("; ")}): fix the renderer.`);
  return message;
}
