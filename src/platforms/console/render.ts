import { MENTION_TOKEN, type Card } from "../../core/card.ts";
import type { Translate } from "../../core/i18n.ts";

const TONE_MARK: Record<NonNullable<Card["tone"]>, string> = { info: "ℹ", success: "✔", warning: "⚠", error: "✖" };

/** Plain-text rendering of a Card for the terminal. Pure. */
export function renderCardText(card: Card, t: Translate): string {
  const out: string[] = [];
  const mark = TONE_MARK[card.tone ?? "info"];
  const privacy = card.visibility === "private" ? `  (${t("common:private_note")})` : "";
  out.push(`${mark} ${card.title}${privacy}`);
  for (const field of card.fields ?? []) {
    const [first = "", ...rest] = field.value.split("\n");
    out.push(`  ${field.label}${t("common:field_separator")}${first}`);
    for (const line of rest) out.push(`      ${line}`);
  }
  for (const line of card.lines ?? []) out.push(`  ${line}`);
  // The console cannot click: each button shows the command line that does the same.
  for (const button of card.buttons ?? []) {
    const args = Object.values(button.args).map((v) => (/\s/.test(v) ? `"${v}"` : v));
    const asked = (button.ask ?? []).map((name) => `<${name}>`);
    out.push(`  [${button.label}] /${[button.command.replace(".", " "), ...args, ...asked].join(" ")}`);
  }
  if (card.footer) out.push(`  ${card.footer}`);
  return out.join("\n").replace(MENTION_TOKEN, "@$1");
}
