import { createHash } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import type { Sql } from "@prisma/client/runtime/client";

/**
 * The reads every busy command makes (`/mesures`, `/bilans`), sent straight to the driver with
 * their statements kept prepared: through Prisma each cost about half a millisecond plus some
 * ten microseconds per parameter, and SQLite prepared it again every time. Only reads outside a
 * transaction come here (a transaction's own reads must see its writes): on SQLite a read-only
 * connection of its own, which WAL lets read the last commit while the bot's connection writes;
 * on PostgreSQL the pool the bot's Prisma client uses. Nothing is cached but statements: every
 * figure is read from the database each time.
 */
export interface HotReads {
  /** The rows of one statement built with Prisma's `sql` tag (the same text Prisma would send). */
  rows(query: Sql): Promise<unknown[]>;
  close(): void;
}

/** Statements kept per connection; the hot reads have only a few shapes, this is a safety bound. */
const KEPT_STATEMENTS = 64;

export function sqliteHotReads(file: string, busyTimeoutMs: number, open: typeof BetterSqlite3): HotReads {
  let connection: BetterSqlite3.Database | undefined;
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string) => {
    connection ??= new open(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= KEPT_STATEMENTS) statements.clear();
      statement = connection.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    rows: async (query) => prepared(query.sql).all(...(query.values as unknown[])) as unknown[],
    close() {
      statements.clear();
      connection?.close();
      connection = undefined;
    },
  };
}

export function postgresHotReads(pool: pg.Pool): HotReads {
  // node-postgres prepares a named statement once per connection and reuses it after.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      if (names.size >= KEPT_STATEMENTS) names.clear();
      name = `hot_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    rows: async (query) =>
      (await pool.query({ name: nameOf(query.text), text: query.text, values: query.values })).rows,
    close: () => undefined,
  };
}

/** Hot reads are found from the root client they sit beside; a transaction's client has none. */
const registry = new WeakMap<object, HotReads>();

export function attachHotReads(client: object, reads: HotReads): void {
  registry.set(client, reads);
}

export function hotReadsOf(client: object): HotReads | undefined {
  return registry.get(client);
}

/** A read's rows: through the hot reads beside a root client, through Prisma in a transaction. */
export function readRows(client: { $queryRaw(query: Sql): PromiseLike<unknown> }, query: Sql): Promise<unknown[]> {
  const hot = registry.get(client);
  return hot ? hot.rows(query) : (Promise.resolve(client.$queryRaw(query)) as Promise<unknown[]>);
}
