import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Sql } from "@prisma/client/runtime/client";
import { Lock } from "./lock.ts";
import { endingThrough, offerDriver, type TransactionDriver, whileOpen } from "./transaction-driver.ts";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

interface SqliteHandle {
  prepare(sql: string): {
    reader: boolean;
    all(...values: unknown[]): unknown[];
    run(...values: unknown[]): { changes: number };
  };
}

function isSqliteHandle(value: unknown): value is SqliteHandle {
  return typeof value === "object" && value !== null && typeof (value as { prepare?: unknown }).prepare === "function";
}

/** A value as the adapter writes it: instants as ISO text, booleans as integers. */
const sqliteValue = (value: unknown) =>
  value instanceof Date
    ? value.toISOString().replace("Z", "+00:00")
    : typeof value === "boolean"
      ? Number(value)
      : value;

/** Statements on the transaction's connection (the only one: see below), so inside it. */
function sqliteDriver(handle: SqliteHandle): TransactionDriver {
  const values = (query: Sql) => query.values.map(sqliteValue);
  return {
    provider: "sqlite",
    rows: async (query) => {
      const statement = handle.prepare(query.sql);
      if (!statement.reader) throw new Error("rows() of a statement that returns none");
      return statement.all(...values(query));
    },
    run: async (query) => handle.prepare(query.sql).run(...values(query)).changes,
  };
}

/**
 * The SQLite adapter runs everything on one connection and only makes transactions wait for each
 * other: a query from outside a transaction that is open runs INSIDE it, sees its uncommitted
 * rows, and is rolled back with it (fifty first contacts at once lost members that way). Here
 * every statement outside a transaction waits until no transaction is open, and a transaction
 * waits for the connection to itself. Statements are synchronous in better-sqlite3, so this costs
 * no throughput.
 */
export function serializedSqlite(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const wrapped = Object.create(factory) as PrismaBetterSQLite3;
  wrapped.connect = async () => {
    const inner = await factory.connect();
    const lock = new Lock();
    const exclusive = <T>(work: () => Promise<T>) => lock.exclusive(work);
    const adapter: Adapter = {
      provider: inner.provider,
      adapterName: inner.adapterName,
      queryRaw: (query) => exclusive(() => inner.queryRaw(query)),
      executeRaw: (query) => exclusive(() => inner.executeRaw(query)),
      executeScript: (script) => exclusive(() => inner.executeScript(script)),
      dispose: () => inner.dispose(),
      async startTransaction(isolationLevel) {
        const release = await lock.acquire();
        let tx: Transaction;
        try {
          tx = await inner.startTransaction(isolationLevel);
        } catch (error) {
          release();
          throw error;
        }
        let open = true;
        // The adapter keeps its connection as `client`; without one, bulk statements stay with Prisma.
        const handle = (tx as unknown as { client?: unknown }).client;
        if (isSqliteHandle(handle)) offerDriver(whileOpen(sqliteDriver(handle), () => open));
        const end = async (finish: () => Promise<void>) => {
          try {
            await finish();
          } finally {
            if (open) release();
            open = false;
          }
        };
        return endingThrough(tx, end);
      },
    };
    if (inner.getConnectionInfo)
      adapter.getConnectionInfo = () => inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
    return adapter;
  };
  return wrapped;
}
