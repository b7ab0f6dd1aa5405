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
 * A mention of a member inside card text, as a neutral token: Slack and Discord renderers turn it
 * into their own mention (`<@U123>`), the console into `@U123`.
 */
export function mention(externalId: string): string {
  return `⟦@${externalId}⟧`;
}

export const MENTION_TOKEN = /⟦@([\w.-]+)⟧/g;
