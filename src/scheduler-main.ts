// `npm run scheduler`: the reminders and the retention job in a process of their own, sharing the
// database with the bot (which then runs with SCHEDULER=off). For large regions: a long daily run
// never delays members' answers. It posts through the platforms' Web APIs only; it takes no
// command and opens no gateway session, so interactions still reach the bot process alone. On
// Matrix, posting in an encrypted room needs a session: it opens its own device and reads nothing.
import { createApp, matrixDeps } from "./app.ts";
import { ConfigError, loadConfig, matrixSettings, slackMode } from "./config.ts";
import { systemClock } from "./core/clock.ts";
import { startRetentionJob } from "./jobs/retention.ts";
import { createLogger } from "./logger.ts";
import { healthRoutes, startHealthServer } from "./platforms/http/health.ts";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, systemClock, logger);
  if (slackMode(config) === "oauth") {
    const { slackOAuthReminders } = await import("./slack-oauth.ts");
    app.reminderPorts.slack = slackOAuthReminders(config, app, logger);
  } else if (config.SLACK_BOT_TOKEN) {
    // Through our own module: the bundle gives a package's dynamic import its default export only.
    const { botClient, postingClient, slackReminderPort } = await import("./platforms/slack/slack-port.ts");
    const client = botClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL);
    const poster = postingClient(client.slackApiUrl, logger);
    app.reminderPorts.slack = (t) => slackReminderPort(client, poster, t);
  }
  if (config.DISCORD_TOKEN) {
    const [{ Client }, { discordReminderPort }, { restBase }] = await Promise.all([
      import("discord.js"),
      import("./platforms/discord/discord-port.ts"),
      import("./platforms/discord/discord-app.ts"),
    ]);
    // REST only: channels are fetched and messages posted without logging in to the gateway.
    const client = new Client({
      intents: [],
      ...(config.DISCORD_API_URL ? { rest: { api: restBase(config.DISCORD_API_URL) } } : {}),
    });
    client.rest.setToken(config.DISCORD_TOKEN);
    app.reminderPorts.discord = (t) => discordReminderPort(client, t);
  }
  let stopMatrix = async () => {};
  if (config.MATRIX_HOMESERVER_URL) {
    const [{ startMatrixAdapter }, { BOT_DEVICE_NAME }] = await Promise.all([
      import("./platforms/matrix/matrix-app.ts"),
      import("./platforms/matrix/session.ts"),
    ]);
    const settings = matrixSettings(config);
    if (!settings) throw new Error("Matrix settings are incomplete");
    // Encrypted rooms need a Matrix session with its own device; it posts and leaves members'
    // messages to the bot process.
    const matrix = await startMatrixAdapter(
      { ...settings, listen: false, deviceName: `${BOT_DEVICE_NAME} (rappels)` },
      matrixDeps(app, logger),
    );
    app.reminderPorts.matrix = (t) => matrix.reminderPort(t);
    stopMatrix = matrix.stop;
  }
  const stopRetention = startRetentionJob(app.services.rgpd, config.BOT_TIMEZONE, logger);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopRetention();
    // No new tick; the run under way posts its digests (Matrix still open), leases go back.
    await app.scheduler.stop().catch((error: unknown) => logger.error({ err: error }, "scheduler stop failed"));
    await stopMatrix().catch((error: unknown) => logger.error({ err: error }, "Matrix stop failed"));
    await stopHealth();
    await app.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  // Health checks only when asked for: this process has no HTTP server of its own otherwise.
  let stopHealth = async () => {};
  if (config.HEALTH_PORT) {
    const server = await startHealthServer(
      config.HEALTH_PORT,
      healthRoutes({ readiness: (ms) => app.probe.readiness(ms), stopping: () => stopping }),
    );
    stopHealth = server.stop;
  }
  await app.scheduler.catchUp();
  app.scheduler.start();
  logger.info("scheduler: running");
}

main().catch((error: unknown) => {
  process.stderr.write(`Scheduler start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
