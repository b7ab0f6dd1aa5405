import { card, type Card } from "../core/card.ts";
import { formatCents, formatDate, formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import type { ActivityReport } from "../domain/activity.ts";
import { toCsv } from "../reports/csv.ts";
import type { ReportSection } from "../reports/pdf.ts";

// PDF and chart rendering (pdfkit, fontkit, resvg) are loaded on first use: the bot starts lighter.
const pdfModule = () => import("../reports/pdf.ts");
const chartModule = () => import("../reports/chart.ts");
import type { FicheView } from "../services/reports.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
}

function ficheRows(view: FicheView, p: Presentation): [string, string][] {
  const { t, locale } = p;
  const b = view.bilan;
  return [
    [t("reports:fiche.household"), view.householdRef],
    [t("reports:fiche.mesure"), view.mesureRef],
    [t("reports:fiche.dispositif"), view.dispositif],
    [t("reports:fiche.entry"), formatDate(view.entryDate, locale)],
    [t("reports:fiche.landlord"), `${view.landlord} (${t(`common:parc.${view.parc}`)})`],
    [t("reports:fiche.bilan_date"), formatDate(b.heldOn, locale)],
    [t("reports:fiche.bilan_kind"), b.echeance ? t(`common:echeance.${b.echeance}`) : t("reports:fiche.extra_bilan")],
    [
      t("reports:fiche.outcome"),
      t(`common:bilan_outcome.${b.outcome}`) + (b.raison ? ` (${t(`common:end_reason.${b.raison}`)})` : ""),
    ],
    [t("reports:fiche.worked_on"), b.travail ?? "-"],
    [t("reports:fiche.decision"), b.motif ?? "-"],
    [
      t("reports:fiche.next"),
      view.status === "active"
        ? t("reports:fiche.until", { date: formatDate(view.plannedEndDate, locale) })
        : t("reports:fiche.ended", { date: formatDate(view.endDate ?? b.heldOn, locale) }),
    ],
    [t("reports:fiche.recorded_by"), b.recordedBy],
  ];
}

/** The fiche-bilan for the DDETS: a private reply with the fiche as Markdown and PDF. */
export async function ficheCard(view: FicheView, p: Presentation): Promise<Card> {
  const { t } = p;
  const rows = ficheRows(view, p);
  const title = t("reports:fiche.title", { ref: view.mesureRef });
  const markdown = [
    `# ${title}`,
    "",
    ...rows.map(([k, v]) => `- **${k}** : ${v}`),
    "",
    `_${t("reports:fiche.footer")}_`,
    "",
  ].join("\n");
  const { renderPdf } = await pdfModule();
  const pdf = await renderPdf({
    title,
    subtitle: t("reports:fiche.subtitle"),
    sections: [{ heading: t("reports:fiche.section"), rows }],
    footer: t("reports:fiche.footer"),
  });
  const base = `fiche-bilan-${view.mesureRef}-${view.bilan.heldOn}`;
  return card(title, {
    fields: rows.map(([label, value]) => ({ label, value, inline: true })),
    footer: t("reports:fiche.files"),
    files: [
      { name: `${base}.md`, contentType: "text/markdown", data: Buffer.from(markdown, "utf8") },
      { name: `${base}.pdf`, contentType: "application/pdf", data: pdf },
    ],
  });
}

const MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function entries(record: Record<string, number>, label: (key: string) => string): string {
  const list = Object.entries(record).sort(([, a], [, b]) => b - a);
  return list.length === 0 ? "-" : list.map(([k, v]) => `${label(k)} : ${v}`).join(" · ");
}

/** Label a category with its translation when there is one (a composition is free text). */
const labelled = (t: Translate, group: string) => (key: string) => t(`common:${group}.${key}`, { defaultValue: key });

/**
 * The annual activity report: a summary card (posted in the channel: nothing in it identifies a
 * household), a chart image, and the full figures as CSV and PDF.
 */
export async function activityCard(report: ActivityReport, scope: string, p: Presentation): Promise<Card> {
  const { t, locale } = p;
  const title = t("reports:activity.title", { year: report.year, scope });
  if (report.empty)
    return card(title, { visibility: "channel", lines: [t("reports:activity.empty", { year: report.year })] });
  const money = (cents: number) => formatCents(cents, locale);
  const byState = (record: Record<string, { count: number; cents: number }>, group: string) =>
    Object.entries(record)
      .map(([k, v]) => `${t(`common:${group}.${k}`, { defaultValue: k })} : ${v.count} (${money(v.cents)})`)
      .join(" · ") || "-";
  const b = report.duration.buckets;
  const sections: ReportSection[] = [
    {
      heading: t("reports:activity.followed"),
      rows: [
        [t("reports:activity.households"), String(report.households)],
        [t("reports:activity.mesures"), String(report.mesures)],
        [t("reports:activity.publics"), entries(report.publics, labelled(t, "public"))],
        [t("reports:activity.compositions"), entries(report.compositions, (k) => k)],
        [t("reports:activity.resources"), entries(report.resources, labelled(t, "resources"))],
        [t("reports:activity.candidatures"), entries(report.candidatures, labelled(t, "candidature_status"))],
      ],
    },
    {
      heading: t("reports:activity.support"),
      rows: [
        [t("reports:activity.bilans"), String(report.support.bilans)],
        [t("reports:activity.suivis"), String(report.support.suivis)],
        [t("reports:activity.situations_followed"), String(report.support.situations)],
        [
          t("reports:activity.median"),
          report.duration.medianMonths === null
            ? "-"
            : t("reports:activity.months", { count: report.duration.medianMonths.toLocaleString(locale) }),
        ],
        [
          t("reports:activity.distribution"),
          t("reports:activity.buckets", { lt6: b.lt6, m6: b["6to12"], m12: b["12to18"], gt18: b.gt18 }),
        ],
      ],
    },
    {
      heading: t("reports:activity.outcomes"),
      rows: [
        [t("reports:activity.glissements"), String(report.outcomes.glissements)],
        [t("reports:activity.prolongations"), String(report.outcomes.prolongations)],
        [t("reports:activity.ends"), entries(report.outcomes.ends, labelled(t, "end_reason"))],
        [t("reports:activity.running"), String(report.outcomes.running)],
        [t("reports:activity.barriers"), entries(report.barriers, labelled(t, "situation_category"))],
      ],
    },
    {
      heading: t("reports:activity.quota"),
      rows: report.quotaByMonth.map((m) => [
        (locale === "fr" ? MONTHS_FR : MONTHS_EN)[m.month - 1]!,
        m.held === null ? "-" : t("reports:activity.quota_month", { held: m.held, approved: m.approved }),
      ]),
    },
    {
      heading: t("reports:activity.comite"),
      rows: [
        [t("reports:activity.by_category"), entries(report.situations.byCategory, labelled(t, "situation_category"))],
        [
          t("reports:activity.by_outcome"),
          entries(report.situations.byOutcome, (k) =>
            k === "ouverte" ? t("reports:activity.open") : t(`common:situation_outcome.${k}`, { defaultValue: k }),
          ),
        ],
      ],
    },
    {
      heading: t("reports:activity.fund"),
      rows: [
        [t("reports:activity.claims"), byState(report.claims, "claim_status")],
        [t("reports:activity.advances"), byState(report.advances, "advance_status")],
      ],
    },
  ];
  const months = locale === "fr" ? MONTHS_FR : MONTHS_EN;
  const [{ barChartSvg, svgToPng }, { renderPdf }] = await Promise.all([chartModule(), pdfModule()]);
  const quotaPng = svgToPng(
    barChartSvg(t("reports:activity.chart_quota", { year: report.year }), months, [
      { label: t("reports:activity.approved"), color: "#b0c4de", values: report.quotaByMonth.map((m) => m.approved) },
      { label: t("reports:activity.held"), color: "#2c5f8a", values: report.quotaByMonth.map((m) => m.held ?? 0) },
    ]),
  );
  const outcomeLabels = [
    t("reports:activity.glissements"),
    t("reports:activity.prolongations"),
    ...Object.keys(report.outcomes.ends).map(labelled(t, "end_reason")),
    t("reports:activity.running"),
  ];
  const outcomesPng = svgToPng(
    barChartSvg(t("reports:activity.chart_outcomes", { year: report.year }), outcomeLabels, [
      {
        label: t("reports:activity.mesures"),
        color: "#2e7d32",
        values: [
          report.outcomes.glissements,
          report.outcomes.prolongations,
          ...Object.values(report.outcomes.ends),
          report.outcomes.running,
        ],
      },
    ]),
  );
  const csvRows: (string | number)[][] = [
    [t("reports:activity.csv_section"), t("reports:activity.csv_item"), t("reports:activity.csv_value")],
  ];
  for (const section of sections) for (const [k, v] of section.rows ?? []) csvRows.push([section.heading, k, v]);
  const pdf = await renderPdf({
    title,
    subtitle: t("reports:activity.subtitle"),
    sections,
    images: [
      { caption: t("reports:activity.chart_quota", { year: report.year }), png: quotaPng },
      { caption: t("reports:activity.chart_outcomes", { year: report.year }), png: outcomesPng },
    ],
    footer: t("reports:activity.footer"),
  });
  const base = `rapport-activite-${report.year}${scope ? `-${scope.replace(/[^\w-]+/g, "_")}` : ""}`;
  return card(title, {
    visibility: "channel",
    fields: (sections[0]!.rows ?? [])
      .slice(0, 2)
      .concat(sections[2]!.rows!.slice(0, 3))
      .map(([label, value]) => ({ label, value, inline: true })),
    footer: t("reports:activity.files"),
    files: [
      { name: `${base}-quota.png`, contentType: "image/png", data: quotaPng },
      { name: `${base}-issues.png`, contentType: "image/png", data: outcomesPng },
      { name: `${base}.csv`, contentType: "text/csv", data: toCsv(csvRows) },
      { name: `${base}.pdf`, contentType: "application/pdf", data: pdf },
    ],
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
