import { card, mention, type Card } from "../core/card.ts";
import { formatDate, formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import { SENSITIVE_CATEGORIES } from "../domain/comite.ts";
import type { Agenda } from "../services/comite.ts";
import { landlordLabel } from "./landlord.ts";
import type { SituationView } from "../services/situations.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
}

const URGENCY_TONE = { immediate: "error", haute: "warning", normale: "info" } as const;

function openActionLines(view: SituationView, p: Presentation): string[] {
  return view.actions
    .filter((a) => !a.done)
    .map((a) =>
      p.t("cards:situation.action_line", {
        number: a.number,
        owner: mention(a.ownerId),
        date: formatDate(a.dueDate, p.locale),
      }),
    );
}

/**
 * The situation as posted in the comité's channel: reference, landlord, urgency, what it waits for
 * and who does what by when. The summary, decisions' and actions' texts, and a health or violence
 * category stay out of the channel.
 */
export function situationChannelCard(view: SituationView, p: Presentation): Card {
  const { t } = p;
  const category = SENSITIVE_CATEGORIES.includes(view.category)
    ? t("cards:situation.confidential")
    : t(`common:situation_category.${view.category}`);
  const fields = [
    { label: t("cards:situation.household"), value: view.householdRef, inline: true },
    {
      label: t("cards:situation.landlord"),
      value: landlordLabel(t, view.landlord, view.privateOwnerRef),
      inline: true,
    },
    { label: t("cards:situation.category"), value: category, inline: true },
    { label: t("cards:situation.urgency"), value: t(`common:urgency.${view.urgency}`), inline: true },
    {
      label: t("cards:situation.status"),
      value:
        view.status === "close"
          ? t("cards:situation.closed", { outcome: t(`common:situation_outcome.${view.outcome ?? "resolue"}`) })
          : t(`cards:situation.waiting_${view.waiting}`),
      inline: true,
    },
    { label: t("cards:situation.decisions"), value: String(view.decisions.length), inline: true },
  ];
  const lines = openActionLines(view, p);
  return card(t("cards:situation.title", { ref: view.reference }), {
    visibility: "channel",
    tone: view.status === "close" ? "success" : URGENCY_TONE[view.urgency],
    fields,
    lines,
    buttons: [{ label: t("cards:situation.details"), command: "situation.voir", args: { ref: view.reference } }],
  });
}

/** Everything about the situation and its history, for the asking member only. */
export function situationDetailCard(
  view: SituationView,
  history: { action: string; actor: string; at: Date }[],
  p: Presentation,
): Card {
  const { t } = p;
  const base = situationChannelCard(view, p);
  const fields = [
    ...(base.fields ?? []).map((f) =>
      f.label === t("cards:situation.category") ? { ...f, value: t(`common:situation_category.${view.category}`) } : f,
    ),
    { label: t("cards:situation.summary"), value: view.summary },
    {
      label: t("cards:situation.added"),
      value: t("cards:by_on", { who: view.addedBy, when: formatDateTime(view.createdAt, p.locale, p.timezone) }),
    },
  ];
  const lines = [
    ...view.decisions.map((d) =>
      t("cards:situation.decision_line", { text: d.text, who: d.by, when: formatDateTime(d.at, p.locale, p.timezone) }),
    ),
    ...view.actions.map((a) =>
      t(a.done ? "cards:situation.action_done_line" : "cards:situation.action_open_line", {
        number: a.number,
        text: a.text,
        owner: a.ownerName,
        date: formatDate(a.dueDate, p.locale),
      }),
    ),
    ...history.map((h) =>
      t("cards:situation.history_line", {
        action: t(`common:audit_action.${h.action}`, { defaultValue: h.action }),
        who: h.actor,
        when: formatDateTime(h.at, p.locale, p.timezone),
      }),
    ),
  ];
  return { ...base, visibility: "private", fields, lines, buttons: [] };
}

export function agendaCard(agenda: Agenda, p: Presentation): Card {
  const { t, locale } = p;
  const line = (s: SituationView) =>
    t("cards:agenda.line", {
      ref: s.reference,
      household: s.householdRef,
      urgency: t(`common:urgency.${s.urgency}`),
      waiting: t(`cards:situation.waiting_${s.waiting}`),
      actions: s.actions.filter((a) => !a.done).length,
    });
  const when = agenda.time ? `${formatDate(agenda.date, locale)} ${agenda.time}` : formatDate(agenda.date, locale);
  const lines = agenda.agenda.length > 0 ? agenda.agenda.map(line) : [t("cards:agenda.empty")];
  if (agenda.later.length > 0)
    lines.push("", t("cards:agenda.later", { date: formatDate(agenda.frozenFrom, locale) }), ...agenda.later.map(line));
  return card(t("cards:agenda.title", { when }), {
    lines,
    footer: t("cards:agenda.footer", { count: agenda.agenda.length }),
  });
}
