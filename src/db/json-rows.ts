import { type Sql, sqltag as sql } from "@prisma/client/runtime/client";
import { driverOf } from "./transaction-driver.ts";

/**
 * Many rows sent as ONE parameter, read back as a table inside the statement: a statement with a
 * morning's ledger (11,000 rows of seven values) as separate parameters cost more in their
 * handling than in SQL (and more again through Prisma, see transaction-driver.ts). The rows travel as a JSON object of arrays
 * (`{"0": [...], "1": [...]}`) because `json_each` reads an object the same way on SQLite and on
 * PostgreSQL (one row per member, its array in `value`), so one statement text serves both; a
 * column is `j.value ->> N` (text, or NULL for a JSON null) on both. On a PostgreSQL transaction's
 * own connection `jsonb_each` reads the same rows parsed once (`->>` on `json` parses its text
 * again for every column: a digest's payload eight times).
 */
export type JsonRow = readonly (string | null)[];

export function jsonRows(client: object, rows: readonly JsonRow[]): Sql {
  const members: Record<number, JsonRow> = {};
  for (const [i, row] of rows.entries()) members[i] = row;
  const text = JSON.stringify(members);
  return driverOf(client)?.provider === "postgresql" ? sql`jsonb_each(${text})` : sql`json_each(${text})`;
}

/** Rows sent at most this many to a statement: bounds one statement's memory on both databases. */
export const JSON_ROWS_PER_STATEMENT = 5000;

export function* chunksOf<T>(rows: readonly T[], size = JSON_ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
