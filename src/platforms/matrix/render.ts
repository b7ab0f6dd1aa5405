import { MENTION_TOKEN, mentionedIds, type Card, type CardButton } from "../../core/card.ts";
import { truncate } from "../../core/text-limits.ts";
import { MATRIX_MAX_CHOICES, MATRIX_MAX_LINE, MATRIX_MAX_PLAINTEXT_BYTES } from "./limits.ts";

/** An `m.notice` with an HTML body beside the plain one, as Element and Tchap show bot answers. */
export interface MatrixNotice {
  msgtype: "m.notice";
  body: string;
  format: "org.matrix.custom.html";
  formatted_body: string;
  /** Intentional mentions: only members the card names with `mention()`. Its presence also turns off
   * the legacy rules that ping on a display name or `@room` found in the text. */
  "m.mentions": { user_ids?: string[] };
}

export interface MatrixLabels {
  /** Command names: `/name` in card text becomes `!name`, what members type on Matrix. */
  commands?: readonly string[];
  more(count: number): string;
  /** The line under the choices: how to answer in the thread or with a reaction. */
  choicesHint: string;
}

const TONE_MARK: Record<NonNullable<Card["tone"]>, string> = { info: "ℹ️", success: "✅", warning: "⚠️", error: "❌" };

/** Keycap emojis: a reaction with one of them on a card picks that choice. */
export const CHOICE_KEYS = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"] as const;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Text that came from members must not ping: `@room` gets a word joiner after its `@`, and
 * matrix.to permalinks (which clients turn into pills) are broken the same way.
 */
export function neutralise(text: string): string {
  return text.replace(/@(room\b)/gi, "@\u2060$1").replace(/matrix\.to/gi, "matrix\u2060.to");
}

/** `/aide` → `!aide` for the bot's own commands: Element and Tchap keep `/` for themselves. */
export function bangCommands(text: string, commands: readonly string[]): string {
  if (commands.length === 0) return text;
  const names = commands.map((c) => c.replace(/[^\w-]/g, "")).join("|");
  return text.replace(new RegExp(`(^|[\\s(«"“'\`])/(${names})(?=$|[\\s)»"”'\`.,:;])`, "g"), "$1!$2");
}

function plainText(text: string, commands: readonly string[]): string {
  return bangCommands(neutralise(text), commands).replace(MENTION_TOKEN, "$1");
}

function htmlText(text: string, commands: readonly string[]): string {
  return escapeHtml(bangCommands(neutralise(text), commands))
    .replace(MENTION_TOKEN, (_, id: string) => `<a href="https://matrix.to/#/${id}">${id}</a>`)
    .replace(/\n/g, "<br>");
}

/** How a choice reads in a card: its number, label, and the command it stands for. */
export function choiceLine(index: number, button: CardButton): string {
  return `${CHOICE_KEYS[index]} !${index + 1} — ${button.label}`;
}

function build(card: Card, lines: readonly string[], dropped: number, labels: MatrixLabels): MatrixNotice {
  const plain = (text: string) => plainText(text, labels.commands ?? []);
  const html = (text: string) => htmlText(text, labels.commands ?? []);
  const mark = TONE_MARK[card.tone ?? "info"];
  const choices = (card.buttons ?? []).slice(0, MATRIX_MAX_CHOICES);
  const body: string[] = [`${mark} ${plain(card.title)}`];
  const parts: string[] = [`<p><strong>${mark} ${html(card.title)}</strong></p>`];
  const fields = card.fields ?? [];
  if (fields.length > 0) {
    for (const f of fields) body.push(`${plain(f.label)} : ${plain(f.value)}`);
    parts.push(
      `<ul>${fields.map((f) => `<li><strong>${html(f.label)}</strong> : ${html(f.value)}</li>`).join("")}</ul>`,
    );
  }
  const shown = [...lines];
  if (dropped > 0) shown.push(labels.more(dropped));
  if (shown.length > 0) {
    body.push(...shown.map(plain));
    parts.push(`<p>${shown.map(html).join("<br>")}</p>`);
  }
  if (choices.length > 0) {
    const choiceLines = choices.map((b, i) => choiceLine(i, b));
    body.push(...choiceLines.map(plain), plain(labels.choicesHint));
    parts.push(`<p>${choiceLines.map(html).join("<br>")}</p><p><em>${html(labels.choicesHint)}</em></p>`);
  }
  if (card.footer) {
    body.push(plain(card.footer));
    parts.push(`<p><sub>${html(card.footer)}</sub></p>`);
  }
  const ids = mentionedIds([
    card.title,
    card.footer ?? "",
    ...(card.lines ?? []),
    ...(card.fields ?? []).map((f) => f.value),
  ]);
  return {
    msgtype: "m.notice",
    body: body.join("\n"),
    format: "org.matrix.custom.html",
    formatted_body: parts.join(""),
    "m.mentions": ids.length > 0 ? { user_ids: ids } : {},
  };
}

const bytes = (notice: MatrixNotice) => Buffer.byteLength(JSON.stringify(notice), "utf8");

/**
 * Renders a Card as one `m.notice`. Pure. Member text is escaped and cannot ping; lines over the
 * size limit are dropped behind a "more" line, so the encrypted event always fits.
 */
export function cardToMatrix(card: Card, labels: MatrixLabels): MatrixNotice {
  const lines = (card.lines ?? []).map((l) => truncate(l, MATRIX_MAX_LINE));
  let kept = lines.length;
  let notice = build(card, lines, 0, labels);
  while (bytes(notice) > MATRIX_MAX_PLAINTEXT_BYTES && kept > 0) {
    kept = Math.max(0, kept - Math.max(1, Math.ceil(kept / 10)));
    notice = build(card, lines.slice(0, kept), lines.length - kept, labels);
  }
  if (bytes(notice) <= MATRIX_MAX_PLAINTEXT_BYTES) return notice;
  // Only fields can still be too long: shorten each, then keep as many as fit.
  const all = card.fields ?? [];
  for (const max of [MATRIX_MAX_LINE, 500, 150]) {
    const fields = all.map((f) => ({ ...f, value: truncate(f.value, max) }));
    for (let count = fields.length; count >= 0; count -= 1) {
      notice = build({ ...card, fields: fields.slice(0, count) }, [], lines.length + all.length - count, labels);
      if (bytes(notice) <= MATRIX_MAX_PLAINTEXT_BYTES || max > 150) break;
    }
    if (bytes(notice) <= MATRIX_MAX_PLAINTEXT_BYTES) return notice;
  }
  return notice;
}
