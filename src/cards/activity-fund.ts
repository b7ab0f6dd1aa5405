import { formatDate, type Locale, type Translate } from "../core/i18n.ts";
import type { SecurisationYear } from "../domain/securisation-totals.ts";
import type { ReportSection } from "../reports/model.ts";

/**
 * The report's sécurisation section: the same year as /securisation bilan (claims by category,
 * each amount counted on its own date; advances granted, disbursed, repaid and still owed). A
 * scheme's report says where to find it: the fund's year belongs to the association.
 */
export function fundSection(
  year: SecurisationYear | null,
  { t, locale }: { t: Translate; locale: Locale },
  sheet: (key: string) => string,
): ReportSection {
  const heading = t("reports:activity.s_fund");
  if (!year) return { heading, paragraphs: [t("reports:activity.fund_all_only")] };
  const { total, advances } = year;
  return {
    heading,
    tables: [
      {
        name: sheet("claims"),
        title: t("reports:activity.t_claims"),
        columns: [
          { label: t("reports:activity.col_category"), kind: "text" },
          { label: t("reports:activity.col_claims"), kind: "integer" },
          { label: t("reports:activity.claimed"), kind: "money" },
          { label: t("reports:activity.accepted"), kind: "money" },
          { label: t("reports:activity.paid"), kind: "money" },
        ],
        rows: [
          ...year.categories.map(({ category, figures: f }) => [
            t(`common:claim_category.${category}`),
            f.count,
            f.claimedCents,
            f.acceptedCents,
            f.paidCents,
          ]),
          [t("reports:activity.total"), total.count, total.claimedCents, total.acceptedCents, total.paidCents],
        ],
        note: t("reports:activity.claims_note"),
      },
      {
        name: sheet("advances"),
        title: t("reports:activity.t_advances"),
        columns: [
          { label: t("reports:activity.col_indicator"), kind: "text" },
          { label: t("reports:activity.col_count"), kind: "integer" },
          { label: t("reports:activity.col_amount"), kind: "money" },
        ],
        rows: [
          [t("reports:activity.adv_requested"), advances.requested, null],
          [t("reports:activity.adv_granted"), null, advances.grantedCents],
          [t("reports:activity.adv_disbursed"), null, advances.disbursedCents],
          [t("reports:activity.adv_repaid"), null, advances.repaidCents],
          [t("reports:activity.adv_owed", { date: formatDate(year.until, locale) }), null, advances.outstandingCents],
        ],
        note: t("reports:activity.advances_note"),
      },
    ],
  };
}
