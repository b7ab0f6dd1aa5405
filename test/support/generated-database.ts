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
