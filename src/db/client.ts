import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient, Prisma } from "./generated/sqlite/client.ts";
import { serializedSqlite } from "./sqlite-serialized.ts";

export type Provider = "sqlite" | "postgresql";
/**
 * The two generated clients come from schemas identical but for the provider, so they expose the
 * same API. Repositories are typed against the SQLite one; the PostgreSQL client is cast to it
 * here, once.
 */
export type DbClient = PrismaClient;
export type TxClient = Prisma.TransactionClient;

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

export async function openDatabase(url: string): Promise<Database> {
  if (providerOf(url) === "sqlite") {
    const file = sqlitePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Each provider's client and driver are loaded only when used.
    const [{ PrismaBetterSQLite3 }, { PrismaClient }] = await Promise.all([
      import("@prisma/adapter-better-sqlite3"),
      import("./generated/sqlite/client.ts"),
    ]);
    const adapter = serializedSqlite(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
    const prisma = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    // WAL lets readers go on while one writer commits; foreign keys are off by default in SQLite.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    return { provider: "sqlite", url, schema: "main", prisma, close: () => prisma.$disconnect() };
  }
  const schema = postgresSchema(url);
  const [{ PrismaPg }, { PrismaClient: PostgresPrismaClient }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("./generated/postgresql/client.ts"),
  ]);
  // search_path too, so the few plain SQL reads find the tables in a non-default schema.
  const adapter = new PrismaPg(
    {
      connectionString: postgresConnectionString(url),
      max: 10,
      options: `-c search_path="${schema.replace(/"/g, "")}"`,
    },
    { schema },
  );
  const client = new PostgresPrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  const prisma = client as unknown as DbClient;
  return { provider: "postgresql", url, schema, prisma, close: () => prisma.$disconnect() };
}
