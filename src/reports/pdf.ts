import PDFDocument from "pdfkit";
import { formatCents, formatDate, type Locale } from "../core/i18n.ts";
import { FONT_BOLD, FONT_REGULAR } from "./fonts.ts";
import type { CellValue, ColumnKind, ReportDocument, ReportTable } from "./model.ts";

const MARGIN = 50;
const FOOTER_SPACE = 30;
const CELL_PAD = 4;
const GREY = "#555555";
const RULE = "#999999";
const HEADER_FILL = "#e6e6e6";

type Pdf = PDFKit.PDFDocument;
const NUMERIC = new Set<ColumnKind>(["integer", "decimal", "money"]);

/** A PDF written to memory, with the shipped fonts registered (embedded as subsets). */
export function openPdf(meta: { title: string; locale: Locale }): { pdf: Pdf; done: Promise<Buffer> } {
  const pdf = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    lang: meta.locale,
    displayTitle: true,
    info: { Title: meta.title, Producer: "iml-chatops", Creator: "iml-chatops" },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  pdf.registerFont("regular", FONT_REGULAR);
  pdf.registerFont("bold", FONT_BOLD);
  pdf.font("regular");
  return { pdf, done };
}

/** "Page n / N" and a footer line on every page, written once all pages exist. */
export function numberPages(pdf: Pdf, template: string, footer: string): void {
  const label = (page: number, pages: number) =>
    template.replace("{{page}}", String(page)).replace("{{pages}}", String(pages));
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    const y = pdf.page.height - MARGIN - 12;
    const width = pdf.page.width - 2 * MARGIN;
    pdf.font("regular").fontSize(8).fillColor(GREY);
    pdf.text(footer, MARGIN, y, { width: width - 80, lineBreak: false, ellipsis: true });
    pdf.text(label(i + 1, range.count), MARGIN, y, { width, align: "right", lineBreak: false });
    pdf.fillColor("#000000");
    pdf.page.margins.bottom = bottom;
  }
}

const MONTHS: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }),
};

/** A cell as a reader expects it in the document's language. */
export function formatCell(value: CellValue, kind: ColumnKind, locale: Locale): string {
  if (value === null) return "–";
  if (typeof value === "string") {
    if (kind === "date") return formatDate(value, locale);
    if (kind === "month") {
      const [y, m] = value.split("-").map(Number);
      return y && m ? (MONTHS[locale].format(new Date(Date.UTC(y, m - 1, 1))) ?? value) : value;
    }
    return value;
  }
  if (kind === "money") return formatCents(value, locale);
  const digits = kind === "decimal" ? 1 : 0;
  return value.toLocaleString(locale === "fr" ? "fr-FR" : "en-GB", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Column widths: figures get what their widest cell needs, text columns share the rest. */
function columnWidths(pdf: Pdf, table: ReportTable, cells: string[][], width: number): number[] {
  pdf.font("regular").fontSize(9);
  const natural = table.columns.map((c, i) => {
    pdf.font("bold");
    const head = pdf.widthOfString(c.label);
    pdf.font("regular");
    const body = Math.max(0, ...cells.map((r) => pdf.widthOfString(r[i] ?? "")));
    return Math.max(c.kind === "text" ? Math.min(head, 120) : head, body) + 2 * CELL_PAD + 1;
  });
  const textCols = table.columns.map((c, i) => (c.kind === "text" ? i : -1)).filter((i) => i >= 0);
  const fixed = natural.reduce((sum, w, i) => (textCols.includes(i) ? sum : sum + Math.min(w, 110)), 0);
  const left = Math.max(80 * textCols.length, width - fixed);
  const textNatural = textCols.reduce((sum, i) => sum + (natural[i] ?? 0), 0) || 1;
  return natural.map((w, i) => (textCols.includes(i) ? Math.min(left, (left * w) / textNatural) : Math.min(w, 110)));
}

function rowHeight(pdf: Pdf, cells: string[], widths: number[], header: boolean): number {
  pdf.font(header ? "bold" : "regular").fontSize(9);
  const heights = cells.map((text, i) => pdf.heightOfString(text, { width: (widths[i] ?? 0) - 2 * CELL_PAD }));
  return Math.max(...heights) + 2 * CELL_PAD;
}

const spaceLeft = (pdf: Pdf) => pdf.page.height - pdf.page.margins.bottom - pdf.y;

function drawRow(pdf: Pdf, cells: string[], widths: number[], kinds: ColumnKind[], header: boolean): void {
  const x0 = MARGIN;
  const y = pdf.y;
  const height = rowHeight(pdf, cells, widths, header);
  const total = widths.reduce((a, b) => a + b, 0);
  if (header) pdf.rect(x0, y, total, height).fill(HEADER_FILL).fillColor("#000000");
  pdf.font(header ? "bold" : "regular").fontSize(9);
  let x = x0;
  cells.forEach((text, i) => {
    const w = widths[i] ?? 0;
    const align = header || !NUMERIC.has(kinds[i] ?? "text") ? "left" : "right";
    pdf.text(text, x + CELL_PAD, y + CELL_PAD, { width: w - 2 * CELL_PAD, align });
    x += w;
  });
  pdf
    .moveTo(x0, y + height)
    .lineTo(x0 + total, y + height)
    .lineWidth(header ? 0.8 : 0.4)
    .strokeColor(RULE)
    .stroke();
  pdf.x = x0;
  pdf.y = y + height;
}

/** A table with its title, a header row repeated on each new page, and a note under it. */
export function drawTable(pdf: Pdf, table: ReportTable, locale: Locale, emptyText: string): void {
  const width = pdf.page.width - 2 * MARGIN;
  if (spaceLeft(pdf) < 70) pdf.addPage();
  pdf.font("bold").fontSize(10.5).text(table.title, MARGIN, pdf.y, { width });
  pdf.moveDown(0.3);
  const kinds = table.columns.map((c) => c.kind);
  const cells = table.rows.map((row) => table.columns.map((c, i) => formatCell(row[i] ?? null, c.kind, locale)));
  if (cells.length === 0) {
    pdf.font("regular").fontSize(9).fillColor(GREY).text(emptyText, MARGIN, pdf.y, { width }).fillColor("#000000");
  } else {
    const widths = columnWidths(pdf, table, cells, width);
    const header = table.columns.map((c) => c.label);
    drawRow(pdf, header, widths, kinds, true);
    for (const row of cells) {
      // A row that does not fit goes to the next page, under the header again.
      if (rowHeight(pdf, row, widths, false) > spaceLeft(pdf)) {
        pdf.addPage();
        drawRow(pdf, header, widths, kinds, true);
      }
      drawRow(pdf, row, widths, kinds, false);
    }
  }
  if (table.note)
    pdf
      .font("regular")
      .fontSize(8)
      .fillColor(GREY)
      .text(table.note, MARGIN, pdf.y + 3, { width });
  pdf.fillColor("#000000").moveDown(1);
}

/** The annual report: a title page, then each section's text, tables and charts; pages numbered. */
export function renderReportPdf(doc: ReportDocument, emptyText: string): Promise<Buffer> {
  const { pdf, done } = openPdf({ title: doc.title, locale: doc.locale });
  const width = pdf.page.width - 2 * MARGIN;
  pdf.y = 220;
  pdf.font("bold").fontSize(22).text(doc.title, MARGIN, pdf.y, { width, align: "center" });
  pdf.moveDown(2);
  // Label on the left of the middle, value on the right: a form the eye reads down.
  const half = width / 2;
  for (const line of doc.cover) {
    const y = pdf.y;
    pdf
      .font("bold")
      .fontSize(11)
      .text(line.label, MARGIN, y, { width: half - 8, align: "right" });
    const after = pdf.y;
    pdf.font("regular").text(line.value, MARGIN + half + 8, y, { width: half - 8 });
    pdf.y = Math.max(after, pdf.y) + 4;
  }
  if (doc.notice) {
    pdf.moveDown(2);
    pdf.font("regular").fontSize(11).fillColor(GREY).text(doc.notice, MARGIN, pdf.y, { width, align: "center" });
    pdf.fillColor("#000000");
  }
  if (doc.sections.length) pdf.addPage();
  for (const [i, section] of doc.sections.entries()) {
    // Sections follow each other; one that would start at the foot of a page starts on the next.
    if (i > 0 && spaceLeft(pdf) < 180) pdf.addPage();
    else if (i > 0) pdf.moveDown(1.5);
    pdf.font("bold").fontSize(15).text(section.heading, MARGIN, pdf.y, { width });
    pdf.moveDown(0.6);
    for (const paragraph of section.paragraphs ?? [])
      pdf.font("regular").fontSize(10).text(paragraph, MARGIN, pdf.y, { width }).moveDown(0.5);
    for (const table of section.tables ?? []) drawTable(pdf, table, doc.locale, emptyText);
    for (const chart of section.charts ?? []) {
      const h = (width * chart.height) / chart.width;
      if (h > spaceLeft(pdf)) pdf.addPage();
      pdf.image(chart.png, MARGIN, pdf.y, { width });
      pdf.y += h + 12;
    }
  }
  numberPages(pdf, doc.pageLabel, doc.footer);
  pdf.end();
  return done;
}
