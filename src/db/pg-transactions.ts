import type { PrismaPg } from "@prisma/adapter-pg";
import type { Sql } from "@prisma/client/runtime/client";
// Types only (erased): the interfaces both adapters implement.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { Lock } from "./lock.ts";
import { endingThrough, offerDriver, type TransactionDriver, whileOpen } from "./transaction-driver.ts";

interface PgConnection {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

function isPgConnection(value: unknown): value is PgConnection {
  return typeof value === "object" && value !== null && typeof (value as { query?: unknown }).query === "function";
}

/** An instant as the adapter writes it to a `timestamp(3)` column: UTC, "YYYY-MM-DD HH:MM:SS.mmm". */
function pgValue(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  return value.toISOString().replace("T", " ").replace("Z", "");
}

/**
 * A transaction's statements sent one at a time: Prisma sends a transaction's concurrent queries
 * (a `Promise.all` of reads) to its one connection at once, which pg queues but has deprecated
 * (pg 9 removes it). Commit and rollback wait for what was sent before them, as pg's queue did.
 */
function queued(tx: Transaction, lock: Lock): Transaction {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => lock.exclusive(() => tx.queryRaw(query)),
    executeRaw: (query) => lock.exclusive(() => tx.executeRaw(query)),
    commit: () => lock.exclusive(() => tx.commit()),
    rollback: () => lock.exclusive(() => tx.rollback()),
  };
}

/** Statements on the pooled connection the transaction holds, so inside it, in its queue. */
function pgDriver(connection: PgConnection, lock: Lock): TransactionDriver {
  const send = (query: Sql) => lock.exclusive(() => connection.query(query.text, query.values.map(pgValue)));
  return {
    provider: "postgresql",
    rows: async (query) => (await send(query)).rows,
    run: async (query) => (await send(query)).rowCount ?? 0,
  };
}

/**
 * The PostgreSQL adapter, unchanged but that each transaction it opens offers its connection for
 * the transaction's bulk statements (see transaction-driver.ts).
 */
export function offeringPgTransactions(factory: PrismaPg): SqlDriverAdapterFactory {
  const connect = async (): Promise<SqlDriverAdapter> => {
    const inner = await factory.connect();
    const adapter: SqlDriverAdapter = {
      provider: inner.provider,
      adapterName: inner.adapterName,
      queryRaw: (query) => inner.queryRaw(query),
      executeRaw: (query) => inner.executeRaw(query),
      executeScript: (script) => inner.executeScript(script),
      dispose: () => inner.dispose(),
      async startTransaction(isolationLevel) {
        const tx = await inner.startTransaction(isolationLevel);
        const connection = (tx as unknown as { client?: unknown }).client;
        if (!isPgConnection(connection)) return tx;
        let open = true;
        const lock = new Lock();
        offerDriver(whileOpen(pgDriver(connection, lock), () => open));
        return endingThrough(queued(tx, lock), (finish) => {
          open = false;
          return finish();
        });
      },
    };
    adapter.getConnectionInfo = () => inner.getConnectionInfo();
    return adapter;
  };
  return { provider: factory.provider, adapterName: factory.adapterName, connect };
}
