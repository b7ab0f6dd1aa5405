import { type Card, card } from "../core/card.ts";
import { formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import type { ActivityReport } from "../domain/activity.ts";
import { MESURE_END_REASONS } from "../domain/vocabulary.ts";
import { renderInWorker } from "../reports/in-worker.ts";
import type { ActivityJob } from "../reports/jobs.ts";
import type { ReportDocument } from "../reports/model.ts";
import type { ActivityView } from "../services/reports.ts";
import { activityDocument } from "./activity-report.ts";

export { ficheCard } from "./fiche.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
}

const MONTHS: Record<Locale, string[]> = {
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** Two charts per dispositif: quota use over the year, and exits (glissements, ends; never prolongations). */
function dispositifCharts(
  report: ActivityReport,
  { t, locale }: Presentation,
  sections: { quota: number; exits: number },
) {
  const quota: ActivityJob["charts"] = [];
  const exits: ActivityJob["charts"] = [];
  for (const d of report.dispositifs) {
    quota.push({
      section: sections.quota,
      chart: {
        quota: {
          title: t("reports:activity.chart_quota", { dispositif: d.name, year: report.year }),
          months: d.months.map((m) => MONTHS[locale][m.month - 1] ?? String(m.month)),
          approved: d.months.map((m) => m.approved),
          held: d.months.map((m) => m.held),
          approvedLabel: t("reports:activity.chart_approved"),
          heldLabel: t("reports:activity.chart_held"),
        },
      },
    });
    // Every destination, even at zero, in the same order: charts of two schemes compare at a glance.
    exits.push({
      section: sections.exits,
      chart: {
        bars: {
          title: t("reports:activity.chart_outcomes", { dispositif: d.name, year: report.year }),
          bars: MESURE_END_REASONS.map((reason) => ({
            label: t(`common:end_reason.${reason}`),
            value: d.exits[reason] ?? 0,
          })),
          emptyText: t("reports:activity.chart_no_exit"),
        },
      },
    });
  }
  return { quota, exits };
}

const slug = (text: string) => text.replace(/[^\p{L}\p{N}-]+/gu, "_");

/** The files of a report: PDF, the tables as CSV and xlsx, each chart as PNG. Nothing names a household. */
export async function activityFiles(view: ActivityView, scope: string, p: Presentation) {
  const { t, locale } = p;
  const doc: ReportDocument = activityDocument(view.report, scope, view.origin, p);
  const at = (heading: string) => doc.sections.findIndex((s) => s.heading === t(heading));
  const charts = view.report.empty
    ? { quota: [], exits: [] }
    : dispositifCharts(view.report, p, {
        quota: at("reports:activity.s_quota"),
        exits: at("reports:activity.s_exits"),
      });
  const rendered = await renderInWorker({
    kind: "activity",
    doc,
    charts: [...charts.quota, ...charts.exits],
    emptyText: t("reports:no_data"),
    csvHeader: [
      t("reports:csv.table"),
      t("reports:csv.category"),
      t("reports:csv.detail"),
      t("reports:csv.indicator"),
      t("reports:csv.value"),
      t("reports:csv.unit"),
    ],
    decimalComma: locale === "fr",
    created: `${view.origin.generatedOn}T00:00:00Z`,
    pdfOnly: view.report.empty,
  });
  const base = `rapport-activite-${view.report.year}-${slug(view.dispositif ?? t("reports:activity.all_slug"))}`;
  const files = [{ name: `${base}.pdf`, contentType: "application/pdf", data: rendered.pdf }];
  if (rendered.csv) files.push({ name: `${base}.csv`, contentType: "text/csv; charset=utf-8", data: rendered.csv });
  if (rendered.xlsx)
    files.push({
      name: `${base}.xlsx`,
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      data: rendered.xlsx,
    });
  const count = charts.quota.length;
  view.report.dispositifs.forEach((d, i) => {
    const quota = rendered.charts[i];
    const exits = rendered.charts[count + i];
    if (quota) files.push({ name: `${base}-quota-${slug(d.name)}.png`, contentType: "image/png", data: quota });
    if (exits) files.push({ name: `${base}-issues-${slug(d.name)}.png`, contentType: "image/png", data: exits });
  });
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
