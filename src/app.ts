import type { Logger } from "pino";
import { commands } from "../commands/index.ts";
import { databaseSettings, type Config } from "./config.ts";
import type { Clock } from "./core/clock.ts";
import { Dispatcher } from "./core/dispatcher.ts";
import { I18n } from "./core/i18n.ts";
import { Registry } from "./core/registry.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { databaseProbe, type DatabaseProbe } from "./db/health.ts";
import { migrate } from "./db/migrate.ts";
import type { ReminderPortFactory } from "./core/command.ts";
import type { PlatformName } from "./domain/vocabulary.ts";
import type { MatrixDeps } from "./platforms/matrix/matrix-app.ts";
import { ReminderDelivery } from "./reminders/delivery.ts";
import { CardPublisher } from "./reminders/card-publisher.ts";
import { type SendFaults, SLACK_CHANNEL_INTERVAL_MS } from "./reminders/outbox-sender.ts";
import { ReminderScheduler } from "./reminders/scheduler.ts";
import { createServices, type Services } from "./services/index.ts";
import { MatrixStateService } from "./services/matrix-state.ts";

export interface App {
  config: Config;
  database: Database;
  /** Whether the database answers, for commands' deadline and the readiness check. */
  probe: DatabaseProbe;
  services: Services;
  registry: Registry;
  i18n: I18n;
  dispatcher: Dispatcher;
  logger: Logger;
  clock: Clock;
  /** Filled in by each platform as it starts: where reminders can be posted. */
  reminderPorts: Partial<Record<PlatformName, ReminderPortFactory>>;
  scheduler: ReminderScheduler;
  close(): Promise<void>;
}

/**
 * Builds everything a platform adapter needs, from settings. Applies pending migrations first.
 * `faults` are for tests of crash recovery (a kill right after a commit or a post).
 */
export async function createApp(
  config: Config,
  clock: Clock,
  logger: Logger,
  options: { faults?: SendFaults } = {},
): Promise<App> {
  const report = await migrate(config.DATABASE_URL);
  if (report.applied.length > 0) logger.info({ applied: report.applied }, "migrations applied");
  const database = await openDatabase(config.DATABASE_URL, databaseSettings(config));
  const probe = databaseProbe(database);
  const i18n = I18n.create();
  const registry = new Registry(commands);
  const services = createServices(
    database,
    clock,
    { locale: config.BOT_LOCALE, timezone: config.BOT_TIMEZONE },
    logger,
  );
  const reminderPorts: App["reminderPorts"] = {};
  // Slack asks for about one message per second per channel, Tchap about one request per second
  // (the Matrix sender paces every request too); discord.js paces itself.
  const delivery = new ReminderDelivery({
    db: database.prisma,
    clock,
    logger,
    i18n,
    ports: reminderPorts,
    channelIntervalMs: { slack: SLACK_CHANNEL_INTERVAL_MS, matrix: config.MATRIX_REQUEST_INTERVAL_MS },
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const dispatcher = new Dispatcher({
    registry,
    services,
    refusals: services.audit,
    publisher: new CardPublisher({
      db: database.prisma,
      clock,
      logger,
      sender: delivery.sender,
      ...(options.faults ? { faults: options.faults } : {}),
    }),
    i18n,
    clock,
    logger,
    database: probe,
    locale: config.BOT_LOCALE,
  });
  const scheduler = new ReminderScheduler(delivery, database.prisma, clock, logger);
  services.reminders.setRunner((territoryId) => scheduler.runNow(territoryId));
  return {
    config,
    database,
    probe,
    services,
    registry,
    i18n,
    dispatcher,
    logger,
    clock,
    reminderPorts,
    scheduler,
    close: async () => {
      await scheduler.stop();
      probe.close();
      await database.close();
    },
  };
}

/** What the Matrix adapter takes from the application, in the bot and in the reminders process. */
export function matrixDeps(app: App, logger: Logger): MatrixDeps {
  return {
    dispatcher: app.dispatcher,
    registry: app.registry,
    identity: app.services.identity,
    i18n: app.i18n,
    logger,
    state: new MatrixStateService(app.database.prisma, app.clock),
  };
}
