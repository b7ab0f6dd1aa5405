import { card, type Card, type CardField } from "../core/card.ts";
import { formatCents, formatDate, formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import type { ClaimView } from "../services/claim-view.ts";

export interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
}

function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1)));
}

/** What the fund's rules say of this claim, in words: the eligible period or months, capped or not. */
export function eligibilityLines(view: ClaimView, p: Presentation): string[] {
  const { t, locale } = p;
  const e = view.eligibility;
  const lines: string[] = [];
  if (e.kind === "vacance" && e.from && e.to) {
    lines.push(
      t("cards:claim.vacancy_period", {
        from: formatDate(e.from, locale),
        to: formatDate(e.to, locale),
        months: e.months.toLocaleString(locale),
      }),
    );
    if (e.capped) lines.push(t("cards:claim.vacancy_capped", { max: e.maxMonths.toLocaleString(locale) }));
    if (e.stillVacant) lines.push(t("cards:claim.still_vacant"));
  }
  if (e.kind === "impayes") {
    lines.push(t("cards:claim.unpaid_counted", { months: e.counted.map((m) => monthLabel(m, locale)).join(", ") }));
    if (e.capped)
      lines.push(
        t("cards:claim.unpaid_capped", {
          max: e.maxMonths,
          total: e.months.length,
          excluded: e.months
            .slice(e.counted.length)
            .map((m) => monthLabel(m, locale))
            .join(", "),
        }),
      );
  }
  if ((e.kind === "vacance" || e.kind === "impayes") && e.indicativeCents !== null)
    lines.push(t("cards:claim.indicative", { amount: formatCents(e.indicativeCents, locale) }));
  // Claims recorded before the rules refused them keep their flag.
  if (view.outsideRules) lines.push(t(`cards:claim.outside_${view.outsideRules}`));
  return lines;
}

/** The payments received, and the history of states with who made each step and why. */
function historyLines(view: ClaimView, p: Presentation): string[] {
  const { t, locale } = p;
  const lines: string[] = [];
  if (view.payments.length > 0) {
    lines.push("", t("cards:claim.payments_title"));
    for (const payment of view.payments)
      lines.push(
        t("cards:claim.payment_line", {
          date: formatDate(payment.date, locale),
          amount: formatCents(payment.cents, locale),
          reference: payment.reference,
        }),
      );
  }
  lines.push("", t("cards:claim.history_title"));
  for (const step of view.history)
    lines.push(
      t("cards:claim.history_line", {
        date: formatDate(step.date, locale),
        status: t(`common:claim_status.${step.to}`),
        by: step.by,
        note: step.note ? ` — ${step.note}` : "",
      }),
    );
  return lines;
}

export function claimCard(view: ClaimView, p: Presentation): Card {
  const { t, locale } = p;
  const money = (cents: number | null) => (cents === null ? t("cards:claim.to_complete") : formatCents(cents, locale));
  const fields: CardField[] = [
    { label: t("cards:claim.category"), value: t(`common:claim_category.${view.category}`), inline: true },
    {
      label: t("cards:claim.subject"),
      value: [view.householdRef, view.homeRef].filter(Boolean).join(" · ") || "-",
      inline: true,
    },
    { label: t("cards:claim.claimed"), value: money(view.claimedCents), inline: true },
    { label: t("cards:claim.status"), value: t(`common:claim_status.${view.status}`), inline: true },
    {
      label: view.submittedOn ? t("cards:claim.submitted") : t("cards:claim.declared"),
      value: view.submittedOn
        ? formatDate(view.submittedOn, locale)
        : formatDateTime(view.createdAt, locale, p.timezone),
      inline: true,
    },
  ];
  const period = [view.facts.du, view.facts.au].filter((d): d is string => Boolean(d));
  if (period.length > 0)
    fields.push({
      label: t("cards:claim.period"),
      value: period.map((d) => formatDate(d, locale)).join(" → "),
      inline: true,
    });
  if (view.missing) fields.push({ label: t("cards:claim.missing"), value: view.missing, inline: false });
  if (view.rejectionReason)
    fields.push({ label: t("cards:claim.rejection"), value: view.rejectionReason, inline: false });
  if (view.acceptedCents !== null)
    fields.push({
      label: t("cards:claim.accepted"),
      value: `${formatCents(view.acceptedCents, locale)}${view.acceptedOn ? ` (${formatDate(view.acceptedOn, locale)})` : ""}`,
      inline: true,
    });
  if (view.paidCents !== null && view.paidCents > 0)
    fields.push({ label: t("cards:claim.paid"), value: formatCents(view.paidCents, locale), inline: true });
  if (view.restCents !== null)
    fields.push({ label: t("cards:claim.rest"), value: formatCents(view.restCents, locale), inline: true });
  const tone =
    view.status === "rejetee"
      ? "error"
      : view.status === "payee"
        ? "success"
        : view.status === "incomplete" || view.outsideRules
          ? "warning"
          : "info";
  const lines = [...eligibilityLines(view, p)];
  if (view.status === "brouillon") lines.push(t("cards:claim.draft_hint", { ref: view.reference }));
  if (view.status === "incomplete") lines.push(t("cards:claim.incomplete_hint", { ref: view.reference }));
  lines.push(...historyLines(view, p));
  return card(t("cards:claim.title", { ref: view.reference }), { fields, lines, tone });
}

/**
 * The claim as posted in the finance channel, root of its thread: reference, category, the
 * household's reference, amount and state. Free texts (what is missing, why rejected, the
 * dwelling as typed) stay in the private view.
 */
export function claimChannelCard(view: ClaimView, p: Presentation): Card {
  const { t, locale } = p;
  const fields = [
    { label: t("cards:claim.category"), value: t(`common:claim_category.${view.category}`), inline: true },
    { label: t("cards:claim.subject"), value: view.householdRef ?? "-", inline: true },
    {
      label: t("cards:claim.claimed"),
      value: view.claimedCents === null ? "-" : formatCents(view.claimedCents, locale),
      inline: true,
    },
    { label: t("cards:claim.status"), value: t(`common:claim_status.${view.status}`), inline: true },
  ];
  return card(t("cards:claim.title", { ref: view.reference }), {
    visibility: "channel",
    fields,
    buttons: [
      {
        label: t("cards:reminder.open", { ref: view.reference }),
        command: "securisation.voir",
        args: { ref: view.reference },
      },
    ],
  });
}

/** The claims, one line each: state, amount claimed and, once accepted, what is still due. */
export function claimListCard(views: readonly ClaimView[], p: Presentation): Card {
  const { t, locale } = p;
  if (views.length === 0)
    return card(t("commands:securisation.list_title"), { lines: [t("commands:securisation.list_empty")] });
  return card(t("commands:securisation.list_title"), {
    lines: views.map((v) =>
      t("cards:claim.list_line", {
        ref: v.reference,
        category: t(`common:claim_category.${v.category}`),
        status: t(`common:claim_status.${v.status}`),
        amount: v.claimedCents === null ? t("cards:claim.to_complete") : formatCents(v.claimedCents, locale),
        rest:
          v.restCents !== null && v.restCents > 0
            ? t("cards:claim.list_rest", { amount: formatCents(v.restCents, locale) })
            : "",
        flag: v.outsideRules ? " ⚠" : "",
      }),
    ),
  });
}
