import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient, Prisma } from "./generated/sqlite/client.ts";
import { attachHotReads, postgresHotReads, sqliteHotReads } from "./hot-reads.ts";
import { offeringPgTransactions } from "./pg-transactions.ts";
import { SAFETY_NET_PAGES, startCheckpointer } from "./sqlite-checkpointer.ts";
import { serializedSqlite } from "./sqlite-serialized.ts";

export type Provider = "sqlite" | "postgresql";
/**
 * The two generated clients come from schemas identical but for the provider, so they expose the
 * same API. Repositories are typed against the SQLite one; the PostgreSQL client is cast to it
 * here, once.
 */
export type DbClient = PrismaClient;
export type TxClient = Prisma.TransactionClient;

/** How the bot waits on its database; every value in milliseconds but the pool size. */
export interface DatabaseSettings {
  /** PostgreSQL: connections in the pool. */
  poolSize: number;
  /** PostgreSQL: how long to wait for a connection (a new one, or a free one from the pool). */
  connectTimeoutMs: number;
  /** PostgreSQL: a statement longer than this is cancelled by the server, and given up by the client. */
  statementTimeoutMs: number;
  /** PostgreSQL: an idle connection is closed after this. */
  idleTimeoutMs: number;
  /** SQLite: how long a write waits for another connection's lock before giving up. */
  sqliteBusyTimeoutMs: number;
}

export const DEFAULT_DATABASE_SETTINGS: DatabaseSettings = {
  poolSize: 10,
  connectTimeoutMs: 5000,
  statementTimeoutMs: 30_000,
  idleTimeoutMs: 10_000,
  sqliteBusyTimeoutMs: 5000,
};

/**
 * The client gives up on a statement a little after the server would have cancelled it: a
 * connection that went silent (a network black hole) is freed even though no cancel arrives.
 */
const CLIENT_GRACE_MS = 1000;

export interface Database {
  provider: Provider;
  url: string;
  /** PostgreSQL schema in use ("public" unless the URL says ?schema=). */
  schema: string;
  prisma: DbClient;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

export function postgresSchema(url: string): string {
  return new URL(url).searchParams.get("schema") ?? "public";
}

/** Connection string without Prisma's `schema` parameter, which node-postgres does not know. */
export function postgresConnectionString(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.toString();
}

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

export async function openDatabase(
  url: string,
  settings: DatabaseSettings = DEFAULT_DATABASE_SETTINGS,
): Promise<Database> {
  if (providerOf(url) === "sqlite") {
    const file = sqlitePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Each provider's client and driver are loaded only when used.
    const [{ PrismaBetterSQLite3 }, { PrismaClient }, { default: BetterSqlite3 }] = await Promise.all([
      import("@prisma/adapter-better-sqlite3"),
      import("./generated/sqlite/client.ts"),
      import("better-sqlite3"),
    ]);
    const adapter = serializedSqlite(new PrismaBetterSQLite3({ url, timeout: settings.sqliteBusyTimeoutMs }));
    const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    // WAL lets readers go on while one writer commits; foreign keys are off by default in SQLite.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    // An in-memory database is seen by its one connection only: its reads stay with Prisma, and
    // it has no WAL to checkpoint.
    const onDisk = file !== ":memory:";
    const hot = onDisk ? sqliteHotReads(file, settings.sqliteBusyTimeoutMs, BetterSqlite3) : undefined;
    if (hot) attachHotReads(prisma, hot);
    // Checkpoints off the bot's thread (see sqlite-checkpointer.ts).
    if (onDisk) await prisma.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    const checkpointer = onDisk ? startCheckpointer(file, { busyTimeoutMs: settings.sqliteBusyTimeoutMs }) : undefined;
    const close = async () => {
      await checkpointer?.stop();
      hot?.close();
      await prisma.$disconnect();
    };
    return { provider: "sqlite", url, schema: "main", prisma, close };
  }
  const schema = postgresSchema(url);
  const [{ PrismaPg }, { PrismaClient: PostgresPrismaClient }, { default: pg }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("./generated/postgresql/client.ts"),
    import("pg"),
  ]);
  // search_path too, so the few plain SQL reads find the tables in a non-default schema. The pool
  // is the bot's own so that the hot reads share it (and its limits) with Prisma.
  const pool = new pg.Pool({
    connectionString: postgresConnectionString(url),
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + CLIENT_GRACE_MS,
    // A connection silently dropped by the network is noticed by TCP itself.
    keepAlive: true,
    options: `-c search_path="${schema.replace(/"/g, "")}"`,
  });
  // An idle connection dropped by the server must not end the process before Prisma listens too.
  pool.on("error", () => undefined);
  const adapter = offeringPgTransactions(new PrismaPg(pool, { schema, disposeExternalPool: true }));
  const client = new PostgresPrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  const prisma = client as unknown as DbClient;
  attachHotReads(prisma, postgresHotReads(pool));
  return { provider: "postgresql", url, schema, prisma, close: () => prisma.$disconnect() };
}
