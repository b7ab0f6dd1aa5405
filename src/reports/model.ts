/**
 * The neutral report: localized text and typed values, built once by src/cards and rendered by
 * each format (PDF, CSV, xlsx) without knowing what the figures mean. A table holds one kind of
 * observation; its first columns name the observation, the others hold the figures.
 */
export type ColumnKind = "text" | "integer" | "decimal" | "money" | "date" | "month";

/** A money cell is in cents; a date cell an ISO date, a month "2026-03"; a decimal has one digit after the point. */
export type CellValue = string | number | null;

export interface ReportColumn {
  label: string;
  kind: ColumnKind;
}

export interface ReportTable {
  /** Short, unique: the sheet's name and the CSV's first column. */
  name: string;
  title: string;
  columns: ReportColumn[];
  rows: CellValue[][];
  /** Printed under the table: what the figures count, where they come from. */
  note?: string;
}

export interface ReportChart {
  /** The chart carries its own title: documents show it once, inside the image. */
  png: Buffer;
  width: number;
  height: number;
}

export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  tables?: ReportTable[];
  charts?: ReportChart[];
}

export interface ReportDocument {
  title: string;
  /** Lines of the title page under the title: structure, territory, period, generation date. */
  cover: { label: string; value: string }[];
  /** A statement on the title page (no data for this year, figures aggregated...). */
  notice?: string;
  sections: ReportSection[];
  /** "Page {{page}} / {{pages}}" with its words already translated; the renderer fills the numbers. */
  pageLabel: string;
  footer: string;
  locale: "fr" | "en";
}

/** Every table of a document, in order: the spreadsheets hold exactly what the PDF shows. */
export function tablesOf(doc: ReportDocument): ReportTable[] {
  return doc.sections.flatMap((s) => s.tables ?? []);
}
