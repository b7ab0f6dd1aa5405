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

export interface CardButton {
  label: string;
  /** Typed payload: an action name and the reference it acts on (see core/button-payload.ts). */
  action: string;
  ref: string;
  style?: "primary" | "danger";
}

export interface Card {
  title: string;
  tone?: Tone;
  visibility: Visibility;
  fields?: CardField[];
  lines?: string[];
  buttons?: CardButton[];
  footer?: string;
}

export function card(title: string, parts: Omit<Card, "title" | "visibility"> & { visibility?: Visibility } = {}): Card {
  return { visibility: "private", ...parts, title };
}
