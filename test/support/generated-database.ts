import { afterAll, beforeAll } from "vitest";
import { generateTerritorySet } from "../../src/db/bench-data.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { freshDatabase, type TestProvider } from "./databases.ts";

export type GeneratedSet = Parameters<typeof generateTerritorySet>[1];

/** A fresh, migrated database holding generated territories (the bench's data); `close` drops it. */
export async function generatedDatabase(
  provider: TestProvider,
  set: GeneratedSet,
): Promise<{ database: Database; close(): Promise<void> }> {
  const db = await freshDatabase(provider);
  await migrate(db.url);
  const database = await openDatabase(db.url);
  await generateTerritorySet(database.prisma, set);
  return {
    database,
    async close() {
      await database.close();
      await db.drop();
    },
  };
}

/** Runs `work` on a fresh generated database, dropped afterwards whatever happens. */
export async function withGeneratedDatabase<T>(
  provider: TestProvider,
  set: GeneratedSet,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const { database, close } = await generatedDatabase(provider, set);
  try {
    return await work(database);
  } finally {
    await close();
  }
}

/**
 * A generated database for the tests of a describe block: made before them, dropped after. Call
 * it in the block; the function it returns gives the database once the block's tests run.
 */
export function generatedDatabaseFor(provider: TestProvider, set: GeneratedSet): () => Database {
  let made: Awaited<ReturnType<typeof generatedDatabase>> | undefined;
  beforeAll(async () => {
    made = await generatedDatabase(provider, set);
  });
  afterAll(() => made?.close());
  return () => {
    if (!made) throw new Error("the generated database is made before the block's tests");
    return made.database;
  };
}
