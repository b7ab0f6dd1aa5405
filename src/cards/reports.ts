import { type Card, card } from "../core/card.ts";
import { formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import type { ActivityReport } from "../domain/activity.ts";
import { MESURE_END_REASONS } from "../domain/vocabulary.ts";
import type { ReportChart, ReportDocument } from "../reports/model.ts";
import { tablesOf } from "../reports/model.ts";
import type { ActivityView } from "../services/reports.ts";
import { activityDocument } from "./activity-report.ts";

export { ficheCard } from "./fiche.ts";

// Rendering libraries (pdfkit, resvg, exceljs) are loaded on first use: the bot starts lighter.
const renderers = () =>
  Promise.all([
    import("../reports/pdf.ts"),
    import("../reports/chart.ts"),
    import("../reports/csv.ts"),
    import("../reports/xlsx.ts"),
  ]);

interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
}

const MONTHS: Record<Locale, string[]> = {
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** Two charts per dispositif: quota use over the year, and outcomes (glissements, ends; never prolongations). */
async function dispositifCharts(
  report: ActivityReport,
  { t, locale }: Presentation,
): Promise<{ quota: ReportChart[]; outcomes: ReportChart[] }> {
  const [, chart] = await renderers();
  const quota: ReportChart[] = [];
  const outcomes: ReportChart[] = [];
  for (const d of report.dispositifs) {
    quota.push(
      chart.svgToPng(
        chart.quotaChartSvg({
          title: t("reports:activity.chart_quota", { dispositif: d.name, year: report.year }),
          months: d.months.map((m) => MONTHS[locale][m.month - 1] ?? String(m.month)),
          approved: d.months.map((m) => m.approved),
          held: d.months.map((m) => m.held),
          approvedLabel: t("reports:activity.chart_approved"),
          heldLabel: t("reports:activity.chart_held"),
        }),
      ),
    );
    // Every destination, even at zero, in the same order: charts of two schemes compare at a glance.
    const exits = MESURE_END_REASONS.map((reason) => [reason, d.exits[reason] ?? 0] as const);
    outcomes.push(
      chart.svgToPng(
        chart.horizontalBarsSvg(
          t("reports:activity.chart_outcomes", { dispositif: d.name, year: report.year }),
          exits.map(([reason, value]) => ({
            label: t(`common:end_reason.${reason}`, { defaultValue: reason }),
            value,
          })),
          t("reports:activity.chart_no_exit"),
        ),
      ),
    );
  }
  return { quota, outcomes };
}

/** The files of a report: PDF, the tables as CSV and xlsx, each chart as PNG. Nothing names a household. */
export async function activityFiles(view: ActivityView, scope: string, p: Presentation) {
  const { t, locale } = p;
  const [pdf, , csv, xlsx] = await renderers();
  const doc: ReportDocument = activityDocument(view.report, scope, view.origin, p);
  const charts = view.report.empty ? { quota: [], outcomes: [] } : await dispositifCharts(view.report, p);
  for (const section of doc.sections) {
    if (section.heading === t("reports:activity.s_quota")) section.charts = charts.quota;
    if (section.heading === t("reports:activity.s_exits")) section.charts = charts.outcomes;
  }
  const tables = tablesOf(doc);
  const base = `rapport-activite-${view.report.year}-${(view.dispositif ?? t("reports:activity.all_slug")).replace(/[^\p{L}\p{N}-]+/gu, "_")}`;
  const header = [
    t("reports:csv.table"),
    t("reports:csv.category"),
    t("reports:csv.detail"),
    t("reports:csv.indicator"),
    t("reports:csv.value"),
    t("reports:csv.unit"),
  ] as const;
  const report = {
    name: `${base}.pdf`,
    contentType: "application/pdf",
    data: await pdf.renderReportPdf(doc, t("reports:no_data")),
  };
  if (view.report.empty) return { doc, files: [report] };
  const files = [
    report,
    { name: `${base}.csv`, contentType: "text/csv; charset=utf-8", data: csv.tidyCsv(tables, header, locale === "fr") },
    {
      name: `${base}.xlsx`,
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      data: await xlsx.toXlsx(tables, { title: doc.title, created: new Date(`${view.origin.generatedOn}T00:00:00Z`) }),
    },
    ...view.report.dispositifs.flatMap((d, i) => {
      const slug = d.name.replace(/[^\p{L}\p{N}-]+/gu, "_");
      const quota = charts.quota[i];
      const outcomes = charts.outcomes[i];
      return [
        ...(quota ? [{ name: `${base}-quota-${slug}.png`, contentType: "image/png", data: quota.png }] : []),
        ...(outcomes ? [{ name: `${base}-issues-${slug}.png`, contentType: "image/png", data: outcomes.png }] : []),
      ];
    }),
  ];
  return { doc, files };
}

/**
 * The annual activity report. The message carries counts only (it may go to a channel); the
 * figures are in the files: PDF, CSV, xlsx and the charts.
 */
export async function activityCard(
  view: ActivityView,
  scope: string,
  p: Presentation,
  toChannel: boolean,
): Promise<Card> {
  const { t } = p;
  const r = view.report;
  const title = t("reports:activity.card_title", { year: r.year, scope });
  const { files } = await activityFiles(view, scope, p);
  const h = r.households;
  return card(title, {
    visibility: toChannel ? "channel" : "private",
    ...(r.empty
      ? { lines: [t("reports:activity.empty", { year: r.year, scope })] }
      : {
          fields: [
            [t("reports:activity.followed_total"), h.followed],
            [t("reports:activity.entered"), h.entered],
            [t("reports:activity.left"), h.left],
            [t("reports:activity.card_running"), h.runningAtEnd],
            [t("reports:activity.card_glissements"), r.outcomes.glissements],
            [t("reports:activity.card_bilans"), Object.values(r.support.bilansByKind).reduce((a, b) => a + b, 0)],
          ].map(([label, value]) => ({ label: String(label), value: String(value), inline: true })),
        }),
    footer: t("reports:activity.files"),
    files,
  });
}

export function auditCard(
  reference: string,
  rows: { action: string; outcome: string; actor: string; at: Date }[],
  p: Presentation,
): Card {
  const { t } = p;
  return card(t("reports:audit.title", { ref: reference }), {
    lines: rows.map((r) =>
      t("reports:audit.line", {
        when: formatDateTime(r.at, p.locale, p.timezone),
        who: r.actor,
        action: t(`common:audit_action.${r.action}`, { defaultValue: r.action }),
        outcome: r.outcome === "ok" ? "" : ` (${r.outcome})`,
      }),
    ),
  });
}
