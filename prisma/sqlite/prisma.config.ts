// Prisma CLI settings for the SQLite schema. `engine: "js"` makes the CLI use the WebAssembly
// schema engine shipped in the package, so no native engine is downloaded.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.PRISMA_CLI_SQLITE_URL ?? "file:./data/prisma-cli.db" });
  },
});
