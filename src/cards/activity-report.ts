import { formatDate, type Locale, type Translate } from "../core/i18n.ts";
import type { ActivityReport } from "../domain/activity.ts";
import type { DurationSummary } from "../domain/statistics.ts";
import { NOT_RECORDED } from "../domain/statistics.ts";
import type { ReportOrigin } from "../services/reports.ts";
import type { CellValue, ReportDocument, ReportSection, ReportTable } from "../reports/model.ts";
import { fundSection } from "./activity-fund.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
}

/**
 * Where each household category goes in the report and which vocabulary labels its values. A
 * new category (composition, barriers to exit) is one line here; an unknown one lands in the
 * profiles with its raw values, never lost.
 */
const CATEGORY_PLACES: Record<string, { section: "profiles" | "resources" | "barriers"; vocabulary: string }> = {
  public: { section: "profiles", vocabulary: "public" },
  composition: { section: "profiles", vocabulary: "composition" },
  resources: { section: "resources", vocabulary: "resources" },
  barriers: { section: "barriers", vocabulary: "barrier" },
};

const share = (n: number, total: number): number | null => (total ? Math.round((n / total) * 1000) / 10 : null);

/** Helpers that turn the figures into localized tables. Pure. */
function tables({ t }: Presentation) {
  const label = (vocabulary: string) => (key: string) =>
    key === NOT_RECORDED ? t("reports:activity.not_recorded") : t(`common:${vocabulary}.${key}`, { defaultValue: key });
  const sorted = (counts: Record<string, number>) =>
    Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return {
    /** A count per category with its share of the total. */
    counts(
      name: string,
      title: string,
      head: string,
      counts: Record<string, number>,
      vocabulary: string,
      note?: string,
    ): ReportTable {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return {
        name,
        title,
        columns: [
          { label: head, kind: "text" },
          { label: t("reports:activity.col_count"), kind: "integer" },
          { label: t("reports:activity.col_share"), kind: "decimal" },
        ],
        rows: sorted(counts).map(([k, n]) => [label(vocabulary)(k), n, share(n, total)]),
        ...(note ? { note } : {}),
      };
    },
    /** Indicator / value rows. */
    figures(
      name: string,
      title: string,
      rows: [string, number | null][],
      kind: "integer" | "decimal" = "integer",
    ): ReportTable {
      return {
        name,
        title,
        columns: [
          { label: t("reports:activity.col_indicator"), kind: "text" },
          { label: t("reports:activity.col_value"), kind },
        ],
        rows,
      };
    },
    durations(name: string, title: string, d: DurationSummary, note: string): ReportTable {
      return {
        name,
        title,
        columns: [
          { label: t("reports:activity.col_indicator"), kind: "text" },
          { label: t("reports:activity.col_months"), kind: "decimal" },
        ],
        rows: d.count
          ? [
              [t("reports:activity.mean"), d.meanMonths],
              [t("reports:activity.median"), d.medianMonths],
              [t("reports:activity.shortest"), d.minMonths],
              [t("reports:activity.longest"), d.maxMonths],
            ]
          : [],
        note: t("reports:activity.durations_note", { count: d.count, what: note }),
      };
    },
    label,
  };
}

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, "0")}`;

/** The annual activity report as a document: title page, then one section per theme, tables only. */
export function activityDocument(
  report: ActivityReport,
  scope: string,
  origin: ReportOrigin,
  p: Presentation,
): ReportDocument {
  const { t, locale } = p;
  const tb = tables(p);
  // Sheet names are short (Excel allows 31 characters); titles say the whole thing.
  const sheet = (key: string) => t(`reports:sheet.${key}`);
  const h = report.households;
  const endLabel = report.periodEnd.endsWith("-12-31")
    ? t("reports:activity.running_end", { date: formatDate(report.periodEnd, locale) })
    : t("reports:activity.running_on", { date: formatDate(report.periodEnd, locale) });
  const bySection = (section: string) =>
    Object.entries(report.categories)
      .filter(([name]) => (CATEGORY_PLACES[name]?.section ?? "profiles") === section)
      .map(([name, counts]) =>
        tb.counts(
          t(`reports:sheet.category.${name}`, { defaultValue: name }),
          t(`reports:activity.category.${name}`, { defaultValue: name }),
          t("reports:activity.col_category"),
          counts,
          CATEGORY_PLACES[name]?.vocabulary ?? name,
          t("reports:activity.households_note"),
        ),
      );
  const s = report.support;
  const sections: ReportSection[] = [
    {
      heading: t("reports:activity.s_households"),
      tables: [
        tb.figures(sheet("households"), t("reports:activity.t_households"), [
          [t("reports:activity.running_start", { year: report.year }), h.runningAtStart],
          [t("reports:activity.entered"), h.entered],
          [t("reports:activity.left"), h.left],
          [endLabel, h.runningAtEnd],
          [t("reports:activity.followed_total"), h.followed],
        ]),
        tb.counts(
          sheet("candidatures"),
          t("reports:activity.t_candidatures"),
          t("reports:activity.col_status"),
          report.candidatures,
          "candidature_status",
        ),
      ],
    },
    { heading: t("reports:activity.s_profiles"), tables: bySection("profiles") },
    { heading: t("reports:activity.s_resources"), tables: bySection("resources") },
    {
      heading: t("reports:activity.s_support"),
      tables: [
        {
          name: sheet("support"),
          title: t("reports:activity.t_support"),
          columns: [
            { label: t("reports:activity.col_kind"), kind: "text" },
            { label: t("reports:activity.col_count"), kind: "integer" },
          ],
          rows: [
            ...Object.entries(s.bilansByKind).map(([k, n]): CellValue[] => [tb.label("echeance")(k), n]),
            [t("reports:activity.suivis"), s.suivis],
            [t("reports:activity.situations_examined"), s.situations],
          ],
        },
        {
          name: sheet("conditions"),
          title: t("reports:activity.t_conditions"),
          columns: [
            { label: t("reports:activity.col_condition"), kind: "text" },
            { label: t("reports:activity.col_answer"), kind: "text" },
            { label: t("reports:activity.col_count"), kind: "integer" },
          ],
          rows: (["rentPaid", "stable"] as const).flatMap((condition) =>
            Object.entries(report.conditions[condition])
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([answer, n]): CellValue[] => [
                t(`reports:activity.condition.${condition}`),
                tb.label("bilan_condition")(answer),
                n,
              ]),
          ),
          note: t("reports:activity.conditions_note"),
        },
        tb.durations(
          sheet("follow_up"),
          t("reports:activity.t_follow_up"),
          report.followUp,
          t("reports:activity.follow_up_what"),
        ),
      ],
    },
    {
      heading: t("reports:activity.s_exits"),
      tables: [
        tb.counts(
          sheet("exits"),
          t("reports:activity.t_exits"),
          t("reports:activity.col_destination"),
          report.exits,
          "end_reason",
        ),
        tb.durations(
          sheet("glissement"),
          t("reports:activity.t_glissement"),
          report.timeToGlissement,
          t("reports:activity.glissement_what"),
        ),
      ],
    },
    {
      heading: t("reports:activity.s_stock"),
      tables: [
        tb.counts(
          sheet("stock"),
          t("reports:activity.t_stock"),
          t("reports:activity.col_stock"),
          report.stock,
          "parc",
          t("reports:activity.mesures_note"),
        ),
        ...(Object.keys(report.landlords).some((k) => k !== NOT_RECORDED)
          ? [
              tb.counts(
                sheet("landlords"),
                t("reports:activity.t_landlords"),
                t("reports:activity.col_landlord"),
                report.landlords,
                "landlord",
                t("reports:activity.mesures_note"),
              ),
            ]
          : []),
      ],
      ...(Object.keys(report.landlords).some((k) => k !== NOT_RECORDED)
        ? {}
        : { paragraphs: [t("reports:activity.landlords_missing")] }),
    },
    {
      heading: t("reports:activity.s_barriers"),
      tables: [
        ...bySection("barriers"),
        tb.counts(
          sheet("comite"),
          t("reports:activity.t_comite"),
          t("reports:activity.col_category"),
          report.comite.byCategory,
          "situation_category",
          t("reports:activity.comite_note"),
        ),
        {
          ...tb.counts(
            sheet("comite_outcome"),
            t("reports:activity.t_comite_outcome"),
            t("reports:activity.col_outcome"),
            report.comite.byOutcome,
            "situation_outcome",
          ),
        },
      ],
    },
    {
      heading: t("reports:activity.s_quota"),
      tables: [
        {
          name: sheet("quota"),
          title: t("reports:activity.t_quota"),
          columns: [
            { label: t("reports:activity.col_dispositif"), kind: "text" },
            { label: t("reports:activity.col_month"), kind: "month" },
            { label: t("reports:activity.approved"), kind: "integer" },
            { label: t("reports:activity.held"), kind: "integer" },
            { label: t("reports:activity.remaining"), kind: "integer" },
          ],
          rows: report.dispositifs.flatMap((d) =>
            d.months.map((m): CellValue[] => [
              d.name,
              month(report.year, m.month),
              m.approved,
              m.held,
              Math.max(0, m.approved - m.held),
            ]),
          ),
          note: t("reports:activity.quota_note"),
        },
      ],
    },
    fundSection(report.securisation, p, sheet),
  ];
  return {
    title: t("reports:activity.title", { year: report.year }),
    cover: [
      { label: t("reports:cover.structure"), value: origin.structure || origin.territory },
      { label: t("reports:cover.territory"), value: origin.territory },
      { label: t("reports:cover.dispositif"), value: scope },
      {
        label: t("reports:cover.period"),
        value: t("reports:cover.period_value", {
          start: formatDate(`${report.year}-01-01`, locale),
          end: formatDate(report.periodEnd, locale),
        }),
      },
      { label: t("reports:cover.generated"), value: formatDate(origin.generatedOn, locale) },
    ],
    notice: report.empty ? t("reports:activity.empty", { year: report.year, scope }) : t("reports:activity.aggregated"),
    // A year or scheme without data: the title page says so, and nothing pretends to be a figure.
    sections: report.empty ? [] : sections,
    pageLabel: t("reports:page", { page: "{{page}}", pages: "{{pages}}" }),
    footer: t("reports:activity.footer", { year: report.year, scope }),
    locale,
  };
}
