import { card, type Card } from "../core/card.ts";
import { formatCents, formatDate, formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import type { AdvanceView } from "../services/advances.ts";
import type { ClaimView } from "../services/claims.ts";

interface Presentation {
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
  if (view.outsideRules) lines.push(t(`cards:claim.outside_${view.outsideRules}`));
  return lines;
}

export function claimCard(view: ClaimView, p: Presentation): Card {
  const { t, locale } = p;
  const fields = [
    { label: t("cards:claim.category"), value: t(`common:claim_category.${view.category}`), inline: true },
    {
      label: t("cards:claim.subject"),
      value: [view.householdRef, view.homeRef].filter(Boolean).join(" · ") || "-",
      inline: true,
    },
    { label: t("cards:claim.claimed"), value: formatCents(view.claimedCents, locale), inline: true },
    { label: t("cards:claim.status"), value: t(`common:claim_status.${view.status}`), inline: true },
    { label: t("cards:claim.declared"), value: formatDateTime(view.createdAt, locale, p.timezone), inline: true },
  ];
  if (view.missing) fields.push({ label: t("cards:claim.missing"), value: view.missing, inline: false });
  if (view.rejectionReason)
    fields.push({ label: t("cards:claim.rejection"), value: view.rejectionReason, inline: false });
  if (view.acceptedCents !== null)
    fields.push({ label: t("cards:claim.accepted"), value: formatCents(view.acceptedCents, locale), inline: true });
  if (view.paidCents !== null)
    fields.push({
      label: t("cards:claim.paid"),
      value: `${formatCents(view.paidCents, locale)} (${formatDate(view.paidOn ?? "", locale)})`,
      inline: true,
    });
  const tone =
    view.status === "rejetee"
      ? "error"
      : view.status === "payee"
        ? "success"
        : view.status === "incomplete" || view.outsideRules
          ? "warning"
          : "info";
  return card(t("cards:claim.title", { ref: view.reference }), { fields, lines: eligibilityLines(view, p), tone });
}

export function advanceCard(view: AdvanceView, p: Presentation): Card {
  const { t, locale } = p;
  const money = (cents: number | null) => (cents === null ? "-" : formatCents(cents, locale));
  return card(t("cards:advance.title", { ref: view.reference }), {
    tone: view.overdue ? "warning" : "info",
    fields: [
      {
        label: t("cards:advance.status"),
        value: t(`common:advance_status.${view.status}`) + (view.overdue ? ` (${t("cards:overdue")})` : ""),
        inline: true,
      },
      { label: t("cards:advance.subsidy"), value: `${view.subsidy} — ${view.funder}`, inline: true },
      { label: t("cards:advance.expected"), value: formatDate(view.expectedPaymentDate, locale), inline: true },
      { label: t("cards:advance.requested"), value: money(view.requestedCents), inline: true },
      { label: t("cards:advance.granted"), value: money(view.grantedCents), inline: true },
      { label: t("cards:advance.disbursed"), value: money(view.disbursedCents), inline: true },
      { label: t("cards:advance.repaid"), value: money(view.repaidCents), inline: true },
      { label: t("cards:advance.balance"), value: money(view.balanceCents), inline: true },
    ],
    lines: view.movements.map((m) =>
      t("cards:advance.movement", {
        date: formatDate(m.date, locale),
        kind: t(`cards:advance.step_${m.kind}`),
        amount: formatCents(m.cents, locale),
      }),
    ),
  });
}

/** What is pending: advances not repaid (overdue marked, totals per state) and claims awaiting the fund. */
export function pendingCard(advances: readonly AdvanceView[], claims: readonly ClaimView[], p: Presentation): Card {
  const { t, locale } = p;
  const lines = advances.map((a) =>
    t("cards:pending.advance_line", {
      overdue: a.overdue ? "⚠ " : "",
      ref: a.reference,
      status: t(`common:advance_status.${a.status}`),
      balance: formatCents(a.balanceCents, locale),
      subsidy: a.subsidy,
      funder: a.funder,
      date: formatDate(a.expectedPaymentDate, locale),
      late: a.overdue ? ` (${t("cards:overdue")})` : "",
    }),
  );
  if (advances.length === 0) lines.push(t("cards:pending.no_advance"));
  const totals = new Map<string, { count: number; cents: number }>();
  for (const a of advances) {
    const total = totals.get(a.status) ?? { count: 0, cents: 0 };
    totals.set(a.status, { count: total.count + 1, cents: total.cents + a.balanceCents });
  }
  const fields = [...totals.entries()].map(([status, total]) => ({
    label: t(`common:advance_status.${status}`),
    value: t("cards:pending.total", { count: total.count, amount: formatCents(total.cents, locale) }),
    inline: true,
  }));
  const overdue = advances.filter((a) => a.overdue);
  if (overdue.length > 0)
    fields.push({
      label: t("cards:pending.overdue"),
      value: t("cards:pending.total", {
        count: overdue.length,
        amount: formatCents(
          overdue.reduce((n, a) => n + a.balanceCents, 0),
          locale,
        ),
      }),
      inline: true,
    });
  lines.push("", t("cards:pending.claims_title"));
  if (claims.length === 0) lines.push(t("cards:pending.no_claim"));
  for (const c of claims) {
    lines.push(
      t("cards:pending.claim_line", {
        ref: c.reference,
        category: t(`common:claim_category.${c.category}`),
        status: t(`common:claim_status.${c.status}`),
        amount: formatCents(c.acceptedCents ?? c.claimedCents, locale),
        since: formatDateTime(c.statusChangedAt, locale, p.timezone),
      }),
    );
  }
  return card(t("cards:pending.title"), { fields, lines, tone: overdue.length > 0 ? "warning" : "info" });
}
