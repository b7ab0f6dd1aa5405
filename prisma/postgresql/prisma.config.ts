// Prisma CLI settings for the PostgreSQL schema. Used for `generate` and `migrate diff` only:
// migrations are applied by src/db/migrate (see README), because `prisma migrate` through
// @prisma/adapter-pg fails on PostgreSQL catalog columns of type `name` (prisma/orm#27403).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    });
  },
});
