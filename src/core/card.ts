import { randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The neutral reply model. Commands build Cards with already localized text; each platform has
 * one pure renderer (plain text, Block Kit, Discord embed).
 */
export type Visibility = "channel" | "private";
export type Tone = "info" | "success" | "warning" | "error";

export interface CardField {
  label: string;
  value: string;
  inline?: boolean;
}

/**
 * A button runs a command with preset option values, exactly as if the member had typed it: the
 * same parsing, role check and audit. `ask` names options the platform must ask for first (a
 * reason to refuse), in a form.
 */
export interface CardButton {
  label: string;
  command: string;
  args: Record<string, string>;
  ask?: string[];
  style?: "primary" | "danger";
}

/** A file delivered with a reply (a fiche-bilan, a report): only where the reply itself goes. */
export interface CardFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface Card {
  title: string;
  tone?: Tone;
  visibility: Visibility;
  fields?: CardField[];
  lines?: string[];
  buttons?: CardButton[];
  footer?: string;
  files?: CardFile[];
}

export function card(
  title: string,
  parts: Omit<Card, "title" | "visibility"> & { visibility?: Visibility } = {},
): Card {
  return { visibility: "private", ...parts, title };
}

/**
 * Mentions inside card text are markers that each renderer turns into its platform's mention
 * (`<@U123>`), the console into `@U123`. The marker carries a secret drawn when the process starts:
 * a member who types "⟦@U123⟧", or a stored text holding one, stays plain text. Only code that
 * resolved a member and calls mention() can make the bot notify anyone.
 */
const MENTION_SECRET = randomBytes(6).toString("hex");
// Slack and Discord ids are words; a Matrix user id is `@localpart:server`.
const MEMBER_ID = /^@?[\w.=/+-]+(?::[\w.-]+(?::\d+)?)?$/;

export function mention(externalId: string): string {
  if (!MEMBER_ID.test(externalId)) throw new Error(`"${externalId}" is not a platform member id`);
  return `⟦@${MENTION_SECRET}:${externalId}⟧`;
}

/** What a marker may carry after its key: any id MEMBER_ID accepts (a Matrix id has colons). */
const MARKED_ID = "(@?[\\w.=/+:-]+)";

export const MENTION_TOKEN = new RegExp(`⟦@${MENTION_SECRET}:${MARKED_ID}⟧`, "g");

/** The members a card's text mentions, by the markers only mention() makes. */
export function mentionedIds(texts: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(MENTION_TOKEN)) if (match[1]) ids.add(match[1]);
  return [...ids];
}

/** A card as stored in the outbox (JSON, no files): read back with this schema before posting. */
export const StoredCard = z.object({
  title: z.string(),
  tone: z.enum(["info", "success", "warning", "error"]).optional(),
  visibility: z.enum(["channel", "private"]),
  fields: z.array(z.object({ label: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
  lines: z.array(z.string()).optional(),
  buttons: z
    .array(
      z.object({
        label: z.string(),
        command: z.string(),
        args: z.record(z.string(), z.string()),
        ask: z.array(z.string()).optional(),
        style: z.enum(["primary", "danger"]).optional(),
      }),
    )
    .optional(),
  footer: z.string().optional(),
});

/** Every text of a card, rewritten (mentions live in text). */
function mapTexts(card: Card, f: (text: string) => string): Card {
  return {
    ...card,
    title: f(card.title),
    ...(card.fields ? { fields: card.fields.map((x) => ({ ...x, label: f(x.label), value: f(x.value) })) } : {}),
    ...(card.lines ? { lines: card.lines.map(f) } : {}),
    ...(card.buttons ? { buttons: card.buttons.map((b) => ({ ...b, label: f(b.label) })) } : {}),
    ...(card.footer !== undefined ? { footer: f(card.footer) } : {}),
  };
}

/**
 * A card about to be stored (the outbox) while its mentions still carry this process's secret,
 * which the process that posts it may not share: they are re-keyed with a key drawn for this card
 * and stored beside it, so `unsealMentions` can make them mentions again, and nothing else can.
 */
export function sealMentions(card: Card): { card: Card; mentionKey: string } {
  const mentionKey = randomBytes(6).toString("hex");
  // Most texts hold no marker: they are kept as they are without running the pattern.
  const seal = (text: string) => (text.includes("⟦@") ? text.replace(MENTION_TOKEN, `⟦@${mentionKey}:$1⟧`) : text);
  return { card: mapTexts(card, seal), mentionKey };
}

export function unsealMentions(card: Card, mentionKey: string): Card {
  const sealed = new RegExp(`⟦@${mentionKey}:${MARKED_ID}⟧`, "g");
  return mapTexts(card, (text) => (text.includes("⟦@") ? text.replace(sealed, (_, id: string) => mention(id)) : text));
}

const StoredPayload = z.object({ card: StoredCard, mentionKey: z.string() });

/** A card as JSON text for the outbox, its mentions sealed (see sealMentions). */
export function storeCard(card: Card): string {
  return JSON.stringify(sealMentions(card));
}

/** A card read back from the outbox, its mentions made live for this process; null if unreadable. */
export function readStoredCard(text: string): Card | null {
  try {
    const parsed = StoredPayload.safeParse(JSON.parse(text));
    return parsed.success ? unsealMentions(parsed.data.card, parsed.data.mentionKey) : null;
  } catch {
    return null;
  }
}
