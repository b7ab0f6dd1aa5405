import { card, mention, type Card, type CardButton } from "../core/card.ts";
import { formatCents, formatDate, type Locale, type Translate } from "../core/i18n.ts";
import type { Reminder, ReminderKind } from "../domain/reminders.ts";
import type { ChannelPurpose } from "../domain/vocabulary.ts";

/** Items per message: keeps a digest within every platform's limits (blocks, fields, buttons). */
export const DIGEST_ITEMS_PER_MESSAGE = 10;
export const SNOOZE_DAYS = 2;

function line(reminder: Reminder, t: Translate, locale: Locale): string {
  const label: Record<string, string | number> = { ...reminder.label, date: formatDate(reminder.dueDate, locale) };
  if (typeof label.echeance === "string") label.echeance = t(`common:echeance.${label.echeance}`);
  if (typeof label.balanceCents === "number") label.balance = formatCents(label.balanceCents, locale);
  if (typeof label.date === "string" && reminder.kind === "comite_agenda" && label.time)
    label.date = `${label.date} ${label.time}`;
  const who = reminder.mentions.map(mention).join(" ");
  return `${t(`cards:reminder.${reminder.kind}`, label)}${who ? ` — ${who}` : ""}`;
}

/** What a snooze button puts off: the record, and which échéance when a record has several. */
function snoozed(reminder: Reminder, t: Translate): string {
  const ref = reminder.open.args.ref ?? t("cards:reminder.agenda");
  const echeance = reminder.label.echeance;
  return typeof echeance === "string" ? `${ref} (${t(`common:echeance.${echeance}`)})` : ref;
}

/**
 * One channel's reminders as digest messages: grouped by kind, soonest first, each item with a
 * button to open it and one to be reminded later. `marker` goes in the footer: it lets a restart
 * find a message that was posted just before a crash.
 */
export function digestCards(
  reminders: readonly Reminder[],
  purpose: ChannelPurpose,
  marker: string,
  t: Translate,
  locale: Locale,
): Card[] {
  const sorted = [...reminders].sort((a, b) => a.kind.localeCompare(b.kind) || a.dueDate.localeCompare(b.dueDate));
  const cards: Card[] = [];
  for (let i = 0; i < sorted.length; i += DIGEST_ITEMS_PER_MESSAGE) {
    const chunk = sorted.slice(i, i + DIGEST_ITEMS_PER_MESSAGE);
    const groups = new Map<ReminderKind, Reminder[]>();
    for (const r of chunk) groups.set(r.kind, [...(groups.get(r.kind) ?? []), r]);
    const all: CardButton[] = chunk.flatMap((r) => [
      {
        label: t("cards:reminder.open", { ref: r.open.args.ref ?? t("cards:reminder.agenda") }),
        command: r.open.command,
        args: r.open.args,
      },
      {
        // Each item has its own snooze button: its label names the item, or ten read alike.
        label: t("cards:reminder.snooze", { what: snoozed(r, t), days: SNOOZE_DAYS }),
        command: "rappels.reporter",
        args: { type: r.kind, sujet: r.subjectRef, jours: String(SNOOZE_DAYS) },
      },
    ]);
    // Two items about one record (its bilan and its follow-up) open the same thing: one button.
    const buttons = [...new Map(all.map((b) => [JSON.stringify([b.command, b.args]), b])).values()];
    const part =
      sorted.length > DIGEST_ITEMS_PER_MESSAGE
        ? ` (${i / DIGEST_ITEMS_PER_MESSAGE + 1}/${Math.ceil(sorted.length / DIGEST_ITEMS_PER_MESSAGE)})`
        : "";
    cards.push(
      card(t("cards:reminder.title", { purpose: t(`common:purpose.${purpose}`) }) + part, {
        visibility: "channel",
        tone: chunk.some((r) => r.kind.endsWith("overdue")) ? "warning" : "info",
        fields: [...groups.entries()].map(([kind, items]) => ({
          label: t(`cards:reminder.group_${kind}`),
          value: items.map((r) => line(r, t, locale)).join("\n"),
        })),
        buttons,
        footer: `${t("cards:reminder.footer")} · ${marker}`,
      }),
    );
  }
  return cards;
}
