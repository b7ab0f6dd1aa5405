import { card, type Card } from "../core/card.ts";
import { formatDate, type Locale, type Translate } from "../core/i18n.ts";
import { landlordLabel } from "./landlord.ts";
import type { DueItem, MesureView, RunningPage } from "../services/mesures.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
}

const STATE_MARK = { done: "✔", cancelled: "–", overdue: "⚠", pending: "·" } as const;

/** One bilan: its date and decision, then who was present and the two glissement conditions. */
function bilanLine(bilan: MesureView["bilans"][number], p: Presentation): string {
  const { t, locale } = p;
  const decision = [t(`common:bilan_outcome.${bilan.outcome}`)];
  if (bilan.extendedTo) decision.push(t("cards:mesure.bilan_until", { date: formatDate(bilan.extendedTo, locale) }));
  if (bilan.effectiveOn) decision.push(t("cards:mesure.bilan_from", { date: formatDate(bilan.effectiveOn, locale) }));
  if (bilan.endReason) decision.push(t(`common:end_reason.${bilan.endReason}`));
  const facts: string[] = [];
  if (bilan.rentPaid && bilan.situationStable) {
    facts.push(t("cards:mesure.bilan_rent", { answer: t(`common:bilan_condition.${bilan.rentPaid}`) }));
    facts.push(t("cards:mesure.bilan_stable", { answer: t(`common:bilan_condition.${bilan.situationStable}`) }));
    facts.push(
      t("cards:mesure.bilan_present", {
        roles: bilan.present.map((r) => t(`common:bilan_role.${r}`)).join(", ") || t("common:none"),
      }),
    );
  }
  const head = `📝 ${formatDate(bilan.heldOn, locale)} — ${decision.join(", ")}${bilan.reason ? ` : ${bilan.reason}` : ""}`;
  return facts.length > 0 ? `${head} (${facts.join(" · ")})` : head;
}

/** A mesure's timeline: entry, what was due and what was done, bilans, end. Private. */
export function mesureCard(view: MesureView, p: Presentation): Card {
  const { t, locale } = p;
  const fields = [
    { label: t("cards:mesure.household"), value: view.householdRef, inline: true },
    { label: t("cards:mesure.dispositif"), value: view.dispositifName, inline: true },
    { label: t("cards:mesure.candidature"), value: view.candidatureRef, inline: true },
    { label: t("cards:mesure.entry"), value: formatDate(view.entryDate, locale), inline: true },
    {
      label: t("cards:mesure.landlord"),
      value: `${landlordLabel(t, view.landlord, view.privateOwnerRef)} (${t(`common:parc.${view.parc}`)})`,
      inline: true,
    },
    {
      label: t("cards:mesure.status"),
      value:
        view.status === "active"
          ? t("cards:mesure.active_until", { date: formatDate(view.plannedEndDate, locale) })
          : t("cards:mesure.ended_on", {
              date: formatDate(view.endDate ?? view.plannedEndDate, locale),
              reason: t(`common:end_reason.${view.endReason ?? "depart"}`),
            }),
      inline: true,
    },
  ];
  const lines = view.echeances
    .filter((e) => e.state !== "cancelled")
    .map(
      (e) =>
        `${STATE_MARK[e.state]} ${formatDate(e.dueDate, locale)} — ${t(`common:echeance.${e.kind}`)}${e.state === "overdue" ? ` (${t("cards:overdue")})` : ""}`,
    );
  for (const bilan of view.bilans) lines.push(bilanLine(bilan, p));
  return card(t("cards:mesure.title", { ref: view.reference }), {
    fields,
    lines,
    tone: view.status === "active" ? "info" : "success",
  });
}

/** What is due, grouped by dispositif, soonest first; overdue items marked; counts in the footer. */
export function dueCard(
  due: { items: readonly DueItem[]; total: number; overdue: number },
  days: number,
  p: Presentation,
): Card {
  const { t, locale } = p;
  const { items } = due;
  if (items.length === 0)
    return card(t("cards:due.title", { days }), { lines: [t("cards:due.none", { days })], tone: "success" });
  const groups = new Map<string, DueItem[]>();
  for (const item of items) {
    const group = groups.get(item.dispositifName);
    if (group) group.push(item);
    else groups.set(item.dispositifName, [item]);
  }
  const fields = [...groups.entries()].map(([name, group]) => ({
    label: name,
    value: group
      .map(
        (i) =>
          `${i.overdue ? "⚠ " : ""}${formatDate(i.dueDate, locale)} — ${i.mesureRef} (${i.householdRef}) — ${t(`common:echeance.${i.kind}`)}${i.overdue ? ` (${t("cards:overdue")})` : ""}`,
      )
      .join("\n"),
  }));
  const lines = due.total > items.length ? [t("cards:due.more", { shown: items.length, total: due.total })] : [];
  return card(t("cards:due.title", { days }), {
    fields,
    lines,
    tone: due.overdue > 0 ? "warning" : "info",
    footer: t("cards:due.footer", { count: due.total, overdue: due.overdue }),
  });
}

/** Running mesures, a page at a time: reference, household, entry, landlord, next échéance. Private. */
export function runningCard(running: RunningPage, code: string | undefined, p: Presentation): Card {
  const { t, locale } = p;
  if (running.total === 0) return card(t("cards:running.title"), { lines: [t("cards:running.none")] });
  const lines = running.items.map((m) =>
    t("cards:running.line", {
      ref: m.reference,
      household: m.householdRef,
      code: m.dispositifCode,
      entry: formatDate(m.entryDate, locale),
      landlord: m.landlord,
      next: m.next
        ? `${m.next.overdue ? "⚠ " : ""}${formatDate(m.next.dueDate, locale)}, ${t(`common:echeance.${m.next.kind}`)}`
        : t("common:none"),
    }),
  );
  const more =
    running.page < running.pages
      ? ` ${t("cards:running.next_page", { command: `/mesures liste ${code ?? ""} page:${running.page + 1}`.replace("  ", " ") })}`
      : "";
  return card(t("cards:running.title"), {
    lines,
    footer: t("cards:running.footer", { page: running.page, pages: running.pages, total: running.total }) + more,
  });
}
