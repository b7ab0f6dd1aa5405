import type { PrismaPg } from "@prisma/adapter-pg";
import type { Sql } from "@prisma/client/runtime/client";
// Types only (erased): the interfaces both adapters implement.
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
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

/** Statements on the pooled connection the transaction holds, so inside it. */
function pgDriver(connection: PgConnection): TransactionDriver {
  const send = (query: Sql) => connection.query(query.text, query.values.map(pgValue));
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
        offerDriver(whileOpen(pgDriver(connection), () => open));
        return endingThrough(tx, (finish) => {
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
