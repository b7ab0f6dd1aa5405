import type { App } from "./app.ts";
import { slackMode, type Config } from "./config.ts";
import { readSecretKey, SecretBox } from "./core/secret-box.ts";
import { SlackInstallationService } from "./services/slack-installations.ts";
import type { Logger } from "pino";
import type { ReminderPortFactory } from "./core/command.ts";
import { oauthReminderPorts, storedTokens } from "./platforms/slack/oauth-reminders.ts";
import type { OAuthWiring } from "./platforms/slack/oauth-wiring.ts";

/** OAuth mode's pieces from the settings (already validated by loadConfig), or none in token mode. */
export function slackOAuthWiring(config: Config, app: App): OAuthWiring | undefined {
  if (slackMode(config) !== "oauth") return undefined;
  const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_PUBLIC_URL, TOKEN_ENCRYPTION_KEY } = config;
  if (!SLACK_CLIENT_ID || !SLACK_CLIENT_SECRET || !SLACK_STATE_SECRET || !SLACK_PUBLIC_URL || !TOKEN_ENCRYPTION_KEY)
    throw new Error(
      "OAuth mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_PUBLIC_URL and TOKEN_ENCRYPTION_KEY",
    );
  const defaults = { locale: config.BOT_LOCALE, timezone: config.BOT_TIMEZONE };
  return {
    settings: {
      clientId: SLACK_CLIENT_ID,
      clientSecret: SLACK_CLIENT_SECRET,
      stateSecret: SLACK_STATE_SECRET,
      publicUrl: SLACK_PUBLIC_URL,
    },
    installations: new SlackInstallationService(
      app.database.prisma,
      app.clock,
      new SecretBox(
        readSecretKey(TOKEN_ENCRYPTION_KEY),
        config.TOKEN_ENCRYPTION_KEY_PREVIOUS ? [readSecretKey(config.TOKEN_ENCRYPTION_KEY_PREVIOUS)] : [],
      ),
      defaults,
    ),
    i18n: app.i18n,
    locale: config.BOT_LOCALE,
  };
}

/**
 * The reminders' ports for `npm run scheduler` in OAuth mode: each territory's installation,
 * its token refreshed here when it rotates (this process has no Bolt app).
 */
export function slackOAuthReminders(config: Config, app: App, logger: Logger): ReminderPortFactory | undefined {
  const wiring = slackOAuthWiring(config, app);
  if (!wiring) return undefined;
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const tokens = storedTokens(wiring.installations, wiring.settings, clientOptions);
  return oauthReminderPorts(wiring.installations, tokens, clientOptions, logger);
}

/** At start-up: tokens still sealed with TOKEN_ENCRYPTION_KEY_PREVIOUS move to the current key. */
export async function resealTokens(wiring: OAuthWiring, logger: Logger): Promise<void> {
  const moved = await wiring.installations.resealStale();
  if (moved > 0) logger.info({ installations: moved }, "Slack tokens re-encrypted with the current key");
}
