// `npm run db:schemas` writes prisma/postgresql/schema.prisma from the SQLite one;
// `npm run db:schemas -- --check` only reports drift (exit 1), for CI.
import { readFileSync, writeFileSync } from "node:fs";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom, schemaDrift } from "../db/schema-sync.ts";

if (process.argv.includes("--check")) {
  const problems = schemaDrift();
  for (const problem of problems) console.error(`schema drift: ${problem}`);
  if (problems.length === 0) console.log("schemas in step: sqlite and postgresql");
  process.exit(problems.length === 0 ? 0 : 1);
} else {
  writeFileSync(POSTGRES_SCHEMA, postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log("prisma/postgresql/schema.prisma written; now add the migration for both providers (see README).");
}
