import ExcelJS from "exceljs";
import type { CellValue, ColumnKind, ReportTable } from "./model.ts";

/** Excel's limits on a sheet's name: 31 characters, none of []:*?/\ , unique in the workbook. */
export const SHEET_NAME_MAX = 31;

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  integer: "0",
  decimal: "0.0",
  money: '#,##0.00 "€"',
  date: "dd/mm/yyyy",
  month: "mmm yyyy",
};

function sheetName(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, " ")
      .slice(0, SHEET_NAME_MAX)
      .trim() || "table";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++)
    candidate = `${base.slice(0, SHEET_NAME_MAX - String(i).length - 1)} ${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Typed cells: numbers as numbers, money in euros, dates and months as real dates (UTC). */
function excelValue(value: CellValue, kind: ColumnKind): string | number | Date | null {
  if (value === null) return null;
  if (kind === "money" && typeof value === "number") return value / 100;
  if ((kind === "date" || kind === "month") && typeof value === "string") {
    const [y, m, d] = value.split("-").map(Number);
    if (y && m) return new Date(Date.UTC(y, m - 1, d || 1));
  }
  return value;
}

/** The report's tables as a workbook, one sheet per table, with a header row, filters and frozen panes. */
export async function toXlsx(tables: readonly ReportTable[], meta: { title: string; created: Date }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "iml-chatops";
  workbook.title = meta.title;
  workbook.created = meta.created;
  workbook.modified = meta.created;
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name, taken), {
      views: [{ state: "frozen", ySplit: 1 }],
      properties: { defaultRowHeight: 15 },
    });
    sheet.columns = table.columns.map((c, i) => ({
      header: c.label,
      key: `c${i}`,
      width: Math.min(
        60,
        Math.max(c.label.length, ...table.rows.map((r) => String(r[i] ?? "").length), c.kind === "money" ? 12 : 8) + 2,
      ),
      style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(table.columns.map((c, i) => excelValue(row[i] ?? null, c.kind)));
    if (table.rows.length)
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
