import { card, type Card, type CardField } from "../core/card.ts";
import { formatCents, formatDate, formatDateTime } from "../core/i18n.ts";
import type { FunderTotal } from "../domain/advances.ts";
import type { AdvanceView } from "../services/advances.ts";
import type { ClaimView } from "../services/claim-view.ts";
import type { Presentation } from "./securisation.ts";

export function advanceCard(view: AdvanceView, p: Presentation): Card {
  const { t, locale } = p;
  const money = (cents: number | null) => (cents === null ? "-" : formatCents(cents, locale));
  const fields: CardField[] = [
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
    // "Reste dû" only once money went out: before, nothing is owed.
    { label: t("cards:advance.balance"), value: money(view.outstandingCents), inline: true },
  ];
  if (view.refusalReason) fields.push({ label: t("cards:advance.refusal"), value: view.refusalReason, inline: false });
  return card(t("cards:advance.title", { ref: view.reference }), {
    tone:
      view.status === "refusee"
        ? "error"
        : view.overdue
          ? "warning"
          : view.status === "remboursee"
            ? "success"
            : "info",
    fields,
    lines: view.movements.map((m) =>
      m.kind === "refuser"
        ? t("cards:advance.movement_refused", { date: formatDate(m.date, locale) })
        : t("cards:advance.movement", {
            date: formatDate(m.date, locale),
            kind: t(`cards:advance.step_${m.kind}`),
            amount: formatCents(m.cents, locale),
          }),
    ),
  });
}

/**
 * What is pending: advances not repaid (overdue marked), what is owed per funder, and claims
 * awaiting the fund's decision or payment.
 */
export function pendingCard(
  advances: readonly AdvanceView[],
  funders: readonly FunderTotal[],
  claims: readonly ClaimView[],
  p: Presentation,
): Card {
  const { t, locale } = p;
  const lines = advances.map((a) =>
    t("cards:pending.advance_line", {
      overdue: a.overdue ? "⚠ " : "",
      ref: a.reference,
      status: t(`common:advance_status.${a.status}`),
      amount:
        a.outstandingCents === null
          ? t("cards:pending.not_disbursed", { amount: formatCents(a.grantedCents ?? a.requestedCents, locale) })
          : t("cards:pending.owed", { amount: formatCents(a.outstandingCents, locale) }),
      subsidy: a.subsidy,
      funder: a.funder,
      date: formatDate(a.expectedPaymentDate, locale),
      late: a.overdue ? ` (${t("cards:overdue")})` : "",
    }),
  );
  if (advances.length === 0) lines.push(t("cards:pending.no_advance"));
  const fields: CardField[] = funders.map((f) => ({
    label: f.funder,
    value: t("cards:pending.funder_total", {
      count: f.count,
      amount: formatCents(f.outstandingCents, locale),
      overdue: f.overdue > 0 ? t("cards:pending.funder_overdue", { count: f.overdue }) : "",
    }),
    inline: true,
  }));
  if (funders.length > 1)
    fields.push({
      label: t("cards:pending.total_outstanding"),
      value: formatCents(
        funders.reduce((n, f) => n + f.outstandingCents, 0),
        locale,
      ),
      inline: true,
    });
  lines.push("", t("cards:pending.claims_title"));
  if (claims.length === 0) lines.push(t("cards:pending.no_claim"));
  for (const c of claims)
    lines.push(
      t("cards:pending.claim_line", {
        ref: c.reference,
        category: t(`common:claim_category.${c.category}`),
        status: t(`common:claim_status.${c.status}`),
        amount: formatCents(c.restCents ?? c.claimedCents ?? 0, locale),
        since: formatDateTime(c.statusChangedAt, locale, p.timezone),
      }),
    );
  return card(t("cards:pending.title"), {
    fields,
    lines,
    tone: advances.some((a) => a.overdue) ? "warning" : "info",
  });
}
