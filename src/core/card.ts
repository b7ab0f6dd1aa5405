import { randomBytes } from "node:crypto";

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

export const MENTION_TOKEN = new RegExp(`⟦@${MENTION_SECRET}:(@?[\\w.=/+:-]+)⟧`, "g");

/** The members a card's text mentions, by the markers only mention() makes. */
export function mentionedIds(texts: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(MENTION_TOKEN)) if (match[1]) ids.add(match[1]);
  return [...ids];
}
