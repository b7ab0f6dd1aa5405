import { AsyncLocalStorage } from "node:async_hooks";
import type { Sql } from "@prisma/client/runtime/client";
// Types only (erased): the interface both adapters' transactions implement.
import type { Transaction } from "@prisma/driver-adapter-utils";

/**
 * A transaction's own connection, for its few bulk statements. Prisma hands every parameter to
 * its query compiler as JSON, about 70 ns a byte: a morning's ledger and digests (some megabytes)
 * cost more there than in the database. The same statements (Prisma's `sql` tag, the same text)
 * go straight to the driver on the connection the transaction holds, so they are inside it: they
 * commit or roll back with everything else it did through Prisma.
 */
export interface TransactionDriver {
  readonly provider: "sqlite" | "postgresql";
  /** The rows of a statement that returns some (a SELECT, or a write with RETURNING). */
  rows(query: Sql): Promise<unknown[]>;
  /** A write; returns how many rows it changed. */
  run(query: Sql): Promise<number>;
}

/** A transaction being opened by `offeringDriver`: the adapter leaves its connection here. */
const opening = new AsyncLocalStorage<{ driver?: TransactionDriver }>();
/** The driver of each open transaction, by the client Prisma gave its callback. */
const drivers = new WeakMap<object, TransactionDriver>();

/** Called by an adapter as it opens a transaction, with that transaction's connection. */
export function offerDriver(driver: TransactionDriver): void {
  const slot = opening.getStore();
  if (slot && !slot.driver) slot.driver = driver;
}

/**
 * Opens a transaction with `open` (Prisma's `$transaction`) and ties the connection its adapter
 * offered to the client the callback receives. Without an offer (an adapter that makes none),
 * bulk statements simply stay with Prisma.
 */
export function offeringDriver<Tx extends object, T>(
  open: (callback: (tx: Tx) => Promise<T>) => Promise<T>,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const slot: { driver?: TransactionDriver } = {};
  return opening.run(slot, () =>
    open((tx) => {
      if (slot.driver) drivers.set(tx, slot.driver);
      return work(tx);
    }),
  );
}

export function driverOf(client: object): TransactionDriver | undefined {
  return drivers.get(client);
}

type RawClient = { $queryRaw(query: Sql): PromiseLike<unknown>; $executeRaw(query: Sql): PromiseLike<number> };

/** A bulk statement's rows: on the transaction's connection when it has one, else through Prisma. */
export function bulkRows(client: RawClient, query: Sql): Promise<unknown[]> {
  const driver = drivers.get(client);
  return driver ? driver.rows(query) : (Promise.resolve(client.$queryRaw(query)) as Promise<unknown[]>);
}

/** A bulk write: on the transaction's connection when it has one, else through Prisma. */
export function bulkRun(client: RawClient, query: Sql): Promise<number> {
  const driver = drivers.get(client);
  return driver ? driver.run(query) : Promise.resolve(client.$executeRaw(query));
}

/** Guards a driver against use after its transaction ended (Prisma's timeout, a rollback). */
export function whileOpen(driver: TransactionDriver, open: () => boolean): TransactionDriver {
  const check = () => {
    if (!open()) throw new Error("transaction already closed");
  };
  return {
    provider: driver.provider,
    rows: async (query) => {
      check();
      return driver.rows(query);
    },
    run: async (query) => {
      check();
      return driver.run(query);
    },
  };
}

/** An adapter's transaction, unchanged but that its commit and rollback go through `end`. */
export function endingThrough(tx: Transaction, end: (finish: () => Promise<void>) => Promise<void>): Transaction {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    executeRaw: (query) => tx.executeRaw(query),
    commit: () => end(() => tx.commit()),
    rollback: () => end(() => tx.rollback()),
  };
}
