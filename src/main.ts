import { loadConfig, ConfigError, matrixSettings, slackMode, type Config } from "./config.ts";
import { createApp, matrixDeps } from "./app.ts";
import { systemClock } from "./core/clock.ts";
import { MigrationError } from "./db/migrate.ts";
import { startRetentionJob } from "./jobs/retention.ts";
import { createLogger } from "./logger.ts";
import { runConsole } from "./platforms/console/console.ts";
import { healthRoutes, startHealthServer } from "./platforms/http/health.ts";
import { consolePort } from "./platforms/console/console-port.ts";

import { CONSOLE_CHANNEL, CONSOLE_MEMBER, CONSOLE_TERRITORY } from "./services/demo-seed.ts";

/** A stop that has not finished by then exits anyway (orchestrators kill at 30 s by default). */
const SHUTDOWN_LIMIT_MS = 25_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const consoleWanted =
    config.CONSOLE === "on" ||
    (config.CONSOLE === "auto" && !slackMode(config) && !config.DISCORD_TOKEN && !config.MATRIX_HOMESERVER_URL);
  // In the console, logs would interleave with the conversation: keep only warnings there.
  const logger = createLogger(consoleWanted && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const app = await createApp(config, systemClock, logger);
  // Each platform stops taking new work and finishes what is under way, side by side with the
  // scheduler's run; clients that post digests (Discord) close only after that run.
  const stops: (() => Promise<void>)[] = [];
  const closes: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping: no new work, finishing what is under way");
    const limit = setTimeout(() => {
      logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, "stop took too long: exiting with work unfinished");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    const failed = (error: unknown) => logger.error({ err: error }, "stop failed");
    await Promise.all([...stops.map((stop) => stop().catch(failed)), app.scheduler.stop().catch(failed)]);
    for (const close of closes) await close().catch(failed);
    await app.close();
    logger.info("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  const health = healthRoutes({ readiness: (ms) => app.probe.readiness(ms), stopping: () => stopping });
  const slackHttp = Boolean(slackMode(config)) && !config.SLACK_APP_TOKEN;
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

  // Each platform's library (Bolt, discord.js) is loaded only when that platform is configured.
  if (slackMode(config)) {
    const [{ createSlackAdapter }, { slackOAuthWiring, resealTokens }] = await Promise.all([
      import("./platforms/slack/slack-app.ts"),
      import("./slack-oauth.ts"),
    ]);
    const oauth = slackOAuthWiring(config, app);
    if (oauth) await resealTokens(oauth, logger);
    const slack = createSlackAdapter(
      {
        botToken: config.SLACK_BOT_TOKEN,
        oauth,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        port: config.PORT,
        routes: health,
      },
      { dispatcher: app.dispatcher, registry: app.registry, identity: app.services.identity, i18n: app.i18n, logger },
    );
    const port = await slack.start();
    stops.push(slack.stop);
    app.reminderPorts.slack = slack.reminderPorts;
    logger.info(
      port === null
        ? "Slack: connected in Socket Mode"
        : `Slack: listening on port ${port}, path /slack/events${slackMode(config) === "oauth" ? ", /slack/install and /slack/oauth_redirect" : ""}, /healthz and /readyz`,
    );
  }

  if (config.DISCORD_TOKEN) {
    const [{ createDiscordAdapter }, { discordReminderPort }] = await Promise.all([
      import("./platforms/discord/discord-app.ts"),
      import("./platforms/discord/discord-port.ts"),
    ]);
    const discord = createDiscordAdapter(
      { token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL },
      {
        dispatcher: app.dispatcher,
        registry: app.registry,
        identity: app.services.identity,
        references: app.services.references,
        i18n: app.i18n,
        logger,
      },
    );
    await discord.start();
    stops.push(discord.drain);
    closes.push(discord.stop);
    app.reminderPorts.discord = (t) => discordReminderPort(discord.client, t);
    logger.info("Discord: connected to the gateway");
  }

  if (config.MATRIX_HOMESERVER_URL) {
    const [{ startMatrixAdapter }] = await Promise.all([import("./platforms/matrix/matrix-app.ts")]);
    const settings = matrixSettings(config);
    if (!settings) throw new Error("Matrix settings are incomplete");
    const matrix = await startMatrixAdapter(settings, matrixDeps(app, logger));
    // Closed after the scheduler: a digest under way may still be posting in a room.
    closes.push(matrix.stop);
    app.reminderPorts.matrix = (t) => matrix.reminderPort(t);
  }

  // The Slack HTTP server carries /healthz and /readyz; without it, a server of their own on
  // HEALTH_PORT (by default PORT, none in console mode unless HEALTH_PORT is set).
  const healthPort = config.HEALTH_PORT ?? (consoleWanted ? undefined : config.PORT);
  if (healthPort !== undefined && !(slackHttp && healthPort === config.PORT)) {
    const server = await startHealthServer(healthPort, health);
    // Closed last: /readyz says "stopping" while the work under way finishes.
    closes.push(server.stop);
    logger.info(`health checks: listening on port ${server.port}, /healthz and /readyz`);
  }

  if (consoleWanted) {
    if (config.DEMO_DATA === "on")
      await app.services.demo.ensure({ locale: config.BOT_LOCALE, timezone: config.BOT_TIMEZONE });
    const printed = new Map<string, string>();
    app.reminderPorts.console = (t) => consolePort((text) => process.stdout.write(text + "\n"), t, printed);
  }
  // SCHEDULER=off when `npm run scheduler` runs the reminders and the retention job in a process of
  // their own (large regions): this process then only answers members.
  if (config.SCHEDULER === "on") {
    // Missed runs first (the bot may have been down at 08:00), then every minute.
    await app.scheduler.catchUp();
    // A stop that began during the catch-up has already stopped the scheduler.
    if (stopping) return;
    app.scheduler.start();
    const stopRetention = startRetentionJob(app.services.rgpd, config.BOT_TIMEZONE, logger);
    stops.push(async () => stopRetention());
  }

  if (consoleWanted) {
    await runConsole({
      dispatcher: app.dispatcher,
      identity: app.services.identity,
      i18n: app.i18n,
      member: {
        platform: "console",
        territoryExternalId: CONSOLE_TERRITORY,
        territoryName: "Console",
        userExternalId: CONSOLE_MEMBER,
        displayName: "Démo",
        groupIds: [],
        platformAdmin: false,
      },
      channelId: CONSOLE_CHANNEL,
      exportDir: config.EXPORT_DIR,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    });
    await shutdown(0);
  }
}

main().catch((error: unknown) => {
  if (error instanceof MigrationError) {
    process.stderr.write(`Database migration failed: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
