import { card, type Card } from "../core/card.ts";
import { formatCents, formatDate } from "../core/i18n.ts";
import type { SecurisationYear } from "../domain/securisation-totals.ts";
import type { Presentation } from "./securisation.ts";

/**
 * The year's table as rows of text, header first: one row per category and a total row, then the
 * advances. The card shows it; the annual report can put the same rows in its table and CSV.
 */
export function securisationYearRows(
  year: SecurisationYear,
  p: Presentation,
): { claims: string[][]; advances: string[][] } {
  const { t, locale } = p;
  const money = (cents: number) => formatCents(cents, locale);
  const claims = [
    [
      t("cards:securisation_year.category"),
      t("cards:securisation_year.count"),
      t("cards:securisation_year.claimed"),
      t("cards:securisation_year.accepted"),
      t("cards:securisation_year.paid"),
    ],
    ...year.categories.map(({ category, figures }) => [
      t(`common:claim_category.${category}`),
      String(figures.count),
      money(figures.claimedCents),
      money(figures.acceptedCents),
      money(figures.paidCents),
    ]),
    [
      t("cards:securisation_year.total"),
      String(year.total.count),
      money(year.total.claimedCents),
      money(year.total.acceptedCents),
      money(year.total.paidCents),
    ],
  ];
  const a = year.advances;
  const advances = [
    [t("cards:securisation_year.advances_requested"), String(a.requested)],
    [t("cards:securisation_year.advances_granted"), money(a.grantedCents)],
    [t("cards:securisation_year.advances_disbursed"), money(a.disbursedCents)],
    [t("cards:securisation_year.advances_repaid"), money(a.repaidCents)],
    [
      t("cards:securisation_year.advances_outstanding", { date: formatDate(year.until, locale) }),
      money(a.outstandingCents),
    ],
  ];
  return { claims, advances };
}

export function securisationYearCard(year: SecurisationYear, p: Presentation): Card {
  const { t, locale } = p;
  const money = (cents: number) => formatCents(cents, locale);
  const rows = securisationYearRows(year, p);
  const lines = [
    ...year.categories.map((c) => ({ label: t(`common:claim_category.${c.category}`), figures: c.figures })),
    {
      label: t("cards:securisation_year.total"),
      figures: year.total,
    },
  ].map(({ label, figures }) => ({
    label,
    value: t("cards:securisation_year.category_line", {
      count: figures.count,
      claimed: money(figures.claimedCents),
      accepted: money(figures.acceptedCents),
      paid: money(figures.paidCents),
    }),
    inline: false,
  }));
  return card(t("cards:securisation_year.title", { year: year.year }), {
    fields: [
      ...lines,
      ...rows.advances.map(([label, value]) => ({ label: label ?? "", value: value ?? "", inline: true })),
    ],
    footer: t("cards:securisation_year.footer"),
  });
}
