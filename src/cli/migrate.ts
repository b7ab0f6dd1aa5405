// `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL).
import { ConfigError, loadConfig } from "../config.ts";
import { migrate, MigrationError } from "../db/migrate.ts";

try {
  const config = loadConfig(process.env);
  const report = await migrate(config.DATABASE_URL);
  console.log(
    report.applied.length > 0
      ? `applied: ${report.applied.join(", ")}`
      : `up to date (${report.alreadyApplied} migrations)`,
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  throw error;
}
