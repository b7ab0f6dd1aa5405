import { MENTION_TOKEN, type Card, type CardButton } from "../../core/card.ts";
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
} from "./limits.ts";

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

function embedSize(embed: DiscordEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * Renders a Card as Discord embeds and button rows. Pure. Limits are respected by construction:
 * texts cut with "…", fields spread over several embeds, and what still does not fit is replaced by
 * a visible "more" line (`moreLabel`).
 */
export function cardToDiscord(card: Card, moreLabel: (count: number) => string): DiscordMessage {
  const color = TONE_COLOR[card.tone ?? "info"];
  const first: DiscordEmbed = { title: truncate(card.title, DISCORD_MAX_EMBED_TITLE), color };
  const description = (card.lines ?? []).join("\n").replace(MENTION_TOKEN, "<@$1>");
  if (description) first.description = truncate(description, DISCORD_MAX_EMBED_DESCRIPTION);
  const embeds: DiscordEmbed[] = [first];
  let dropped = 0;
  for (const field of card.fields ?? []) {
    const value = (field.value || "-").replace(MENTION_TOKEN, "<@$1>");
    const rendered = {
      name: truncate(field.label || "\u200b", DISCORD_MAX_FIELD_NAME),
      value: truncate(value, DISCORD_MAX_FIELD_VALUE),
      inline: field.inline ?? false,
    };
    let current = embeds[embeds.length - 1] ?? first;
    const fits =
      (current.fields?.length ?? 0) < DISCORD_MAX_EMBED_FIELDS &&
      embedSize(current) + rendered.name.length + rendered.value.length <= DISCORD_MAX_EMBED_TOTAL - 200;
    if (!fits) {
      if (embeds.length >= DISCORD_MAX_EMBEDS) {
        dropped++;
        continue;
      }
      current = { color };
      embeds.push(current);
    }
    current.fields = [...(current.fields ?? []), rendered];
  }
  const footerText = [card.footer, dropped > 0 ? moreLabel(dropped) : undefined].filter(Boolean).join("\n");
  const last = embeds[embeds.length - 1] ?? first;
  if (footerText) last.footer = { text: truncate(footerText, DISCORD_MAX_FOOTER) };
  const buttons = (card.buttons ?? []).slice(0, DISCORD_BUTTONS_PER_ROW * DISCORD_MAX_ROWS);
  const components: DiscordMessage["components"] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_BUTTONS_PER_ROW) {
    components.push({
      type: 1,
      components: buttons.slice(i, i + DISCORD_BUTTONS_PER_ROW).map((b) => ({
        type: 2,
        style: BUTTON_STYLE[b.style ?? "default"],
        label: truncate(b.label, DISCORD_MAX_BUTTON_LABEL),
        custom_id: encodeButtonId(b),
      })),
    });
  }
  return { embeds, components };
}
