import type { CellValue, ColumnKind, ReportTable } from "./model.ts";

/**
 * CSV as French Excel and LibreOffice open it without an import dialog: `;` between cells, a
 * UTF-8 byte-order mark, CRLF line ends, and decimals written with the locale's separator.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[], decimalComma = true): Buffer {
  const cell = (value: string | number | null) => {
    if (value === null) return "";
    const text = typeof value === "number" ? formatNumber(value, decimalComma) : value;
    return /[";\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Buffer.from(`\ufeff${rows.map((row) => row.map(cell).join(";")).join("\r\n")}\r\n`, "utf8");
}

function formatNumber(value: number, decimalComma: boolean): string {
  const text = String(value);
  return decimalComma ? text.replace(".", ",") : text;
}

/** Cents as euros (a number, two decimals at most), the other kinds as they are. */
function csvValue(value: CellValue, kind: ColumnKind): string | number | null {
  if (value === null) return null;
  if (kind === "money" && typeof value === "number") return value / 100;
  return value;
}

/** The leading columns that name an observation (text, month, date); at most two. */
export function keyColumns(table: ReportTable): number {
  const first = table.columns.findIndex((c) => c.kind !== "text" && c.kind !== "month" && c.kind !== "date");
  return Math.min(2, first === -1 ? table.columns.length : first);
}

/**
 * Every table in one tidy sheet: one row per observation and figure (table, category, detail,
 * indicator, value), so a pivot table or a script reads it without reshaping. Labels go in their
 * own cells, one value per cell.
 */
export function tidyCsv(
  tables: readonly ReportTable[],
  header: readonly [string, string, string, string, string, string],
  decimalComma: boolean,
): Buffer {
  const rows: (string | number | null)[][] = [[...header]];
  for (const table of tables) {
    const keyCount = keyColumns(table);
    for (const row of table.rows) {
      const category = row[0] ?? null;
      const detail = keyCount > 1 ? (row[1] ?? null) : null;
      for (let i = keyCount; i < table.columns.length; i++) {
        const column = table.columns[i];
        if (!column) continue;
        rows.push([
          table.name,
          category === null ? null : String(category),
          detail,
          column.label,
          csvValue(row[i] ?? null, column.kind),
          column.kind === "money" ? "EUR" : null,
        ]);
      }
    }
  }
  return toCsv(rows, decimalComma);
}
