import type { Logger } from "pino";
import { commands } from "../commands/index.ts";
import type { Config } from "./config.ts";
import type { Clock } from "./core/clock.ts";
import { Dispatcher } from "./core/dispatcher.ts";
import { I18n } from "./core/i18n.ts";
import { Registry } from "./core/registry.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createServices, type Services } from "./services/index.ts";

export interface App {
  config: Config;
  database: Database;
  services: Services;
  registry: Registry;
  i18n: I18n;
  dispatcher: Dispatcher;
  logger: Logger;
  clock: Clock;
  close(): Promise<void>;
}

/** Builds everything a platform adapter needs, from settings. Applies pending migrations first. */
export async function createApp(config: Config, clock: Clock, logger: Logger): Promise<App> {
  const report = await migrate(config.DATABASE_URL);
  if (report.applied.length > 0) logger.info({ applied: report.applied }, "migrations applied");
  const database = await openDatabase(config.DATABASE_URL);
  const i18n = I18n.create();
  const registry = new Registry(commands);
  const services = createServices(database, clock, { locale: config.BOT_LOCALE, timezone: config.BOT_TIMEZONE });
  const dispatcher = new Dispatcher({ registry, services, i18n, clock, logger });
  return { config, database, services, registry, i18n, dispatcher, logger, clock, close: () => database.close() };
}
