import { horizontalBarsSvg, type QuotaChart, quotaChartSvg, svgToPng } from "./chart.ts";
import { tidyCsv } from "./csv.ts";
import { type FicheDocument, renderFichePdf } from "./fiche-pdf.ts";
import { type ReportChart, type ReportDocument, tablesOf } from "./model.ts";
import { renderReportPdf } from "./pdf.ts";
import { toXlsx } from "./xlsx.ts";

/**
 * What a report needs drawn, as plain data that crosses to the rendering thread: the localized
 * document, the charts to draw (each placed in a section by its index) and the spreadsheets'
 * header. Everything here is already translated; rendering only lays it out.
 */
export interface ActivityJob {
  kind: "activity";
  doc: ReportDocument;
  charts: { section: number; chart: { quota: QuotaChart } | { bars: BarsChart } }[];
  emptyText: string;
  csvHeader: readonly [string, string, string, string, string, string];
  decimalComma: boolean;
  created: string;
  /** A year or scheme without data: the PDF only, saying so. */
  pdfOnly: boolean;
}

export interface BarsChart {
  title: string;
  bars: { label: string; value: number }[];
  emptyText: string;
}

export interface FicheJob {
  kind: "fiche";
  doc: FicheDocument;
}

export type RenderJob = ActivityJob | FicheJob;

export interface RenderResult {
  pdf: Uint8Array;
  csv?: Uint8Array;
  xlsx?: Uint8Array;
  /** The charts' images, in the job's order. */
  charts: Uint8Array[];
}

function drawChart(chart: ActivityJob["charts"][number]["chart"]): ReportChart {
  return "quota" in chart
    ? svgToPng(quotaChartSvg(chart.quota))
    : svgToPng(horizontalBarsSvg(chart.bars.title, chart.bars.bars, chart.bars.emptyText));
}

/** Draws a job's files. Pure CPU work: it runs on the rendering thread (src/reports/render-worker.ts). */
export async function renderJob(job: RenderJob): Promise<RenderResult> {
  if (job.kind === "fiche") return { pdf: await renderFichePdf(job.doc), charts: [] };
  const charts = job.charts.map((c) => drawChart(c.chart));
  const sections = job.doc.sections.map((s, i) => ({
    ...s,
    charts: [...(s.charts ?? []), ...charts.filter((_, j) => job.charts[j]?.section === i)],
  }));
  const doc = { ...job.doc, sections };
  const pdf = await renderReportPdf(doc, job.emptyText);
  if (job.pdfOnly) return { pdf, charts: [] };
  const tables = tablesOf(doc);
  return {
    pdf,
    csv: tidyCsv(tables, job.csvHeader, job.decimalComma),
    xlsx: await toXlsx(tables, { title: doc.title, created: new Date(job.created) }),
    charts: charts.map((c) => c.png),
  };
}
