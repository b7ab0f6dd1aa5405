import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Logger } from "pino";
import { z } from "zod";
import type { ReminderPortFactory } from "../../core/command.ts";
import type { SlackInstallationService } from "../../services/slack-installations.ts";
import { postingClient, slackReminderPort } from "./slack-port.ts";

/** What the reminders need of Bolt's installer: a token for a workspace, refreshed if it rotates. */
export interface TokenSource {
  authorize(source: { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean }): Promise<{
    botToken?: string;
  }>;
}

/**
 * In OAuth mode each territory's reminders are posted with its own workspace's token. A
 * territory whose workspace uninstalled the app has no port: its run is skipped (nothing is
 * planned or sent) until a reinstall; so is one whose token cannot be had now (a failed
 * rotation, a changed encryption key), with an error in the log.
 */
export function oauthReminderPorts(
  installations: SlackInstallationService,
  tokens: TokenSource,
  clientOptions: WebClientOptions,
  logger: Logger,
): ReminderPortFactory {
  const clients = new Map<string, { token: string; client: WebClient }>();
  // Posts carry each workspace's token; the client that makes them never retries by itself.
  const poster = postingClient(clientOptions.slackApiUrl ?? "https://slack.com/api/", logger);
  async function tokenOf(territoryId: string): Promise<string | null> {
    try {
      const installation = await installations.findForTerritory(territoryId);
      if (!installation) return null;
      const { botToken } = await tokens.authorize({
        ...(installation.teamId ? { teamId: installation.teamId } : {}),
        ...(installation.enterpriseId ? { enterpriseId: installation.enterpriseId } : {}),
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      return botToken ?? null;
    } catch (error) {
      logger.error({ err: error, territory: territoryId }, "no Slack token for this territory's reminders");
      return null;
    }
  }
  return async (t, territory) => {
    const botToken = await tokenOf(territory.id);
    if (!botToken) return null;
    let cached = clients.get(territory.id);
    if (cached?.token !== botToken) {
      cached = { token: botToken, client: new WebClient(botToken, clientOptions) };
      clients.set(territory.id, cached);
    }
    return slackReminderPort(cached.client, poster, t);
  };
}

/** Bolt refreshes a rotating token this long before it expires; so does the scheduler process. */
const REFRESH_BEFORE_MS = 2 * 3600_000;

const Refreshed = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int().positive(),
});

/**
 * Tokens for a process that has no Bolt app (`npm run scheduler`): each workspace's from the
 * database, and a rotating one refreshed through oauth.v2.access when it is about to expire, the
 * new pair sealed and stored as Bolt's installer does.
 */
export function storedTokens(
  installations: SlackInstallationService,
  app: { clientId: string; clientSecret: string },
  clientOptions: WebClientOptions,
  now: () => number = Date.now,
): TokenSource {
  const noToken = new WebClient(undefined, clientOptions);
  return {
    async authorize(source) {
      const found = await installations.find(source);
      if (!found) return {};
      const expiresAt = found.botTokenExpiresAt?.getTime();
      if (!found.botRefreshToken || expiresAt === undefined || expiresAt - now() > REFRESH_BEFORE_MS)
        return { botToken: found.botToken };
      const answer = Refreshed.parse(
        await noToken.oauth.v2.access({
          client_id: app.clientId,
          client_secret: app.clientSecret,
          grant_type: "refresh_token",
          refresh_token: found.botRefreshToken,
        }),
      );
      await installations.install({
        ...found,
        botToken: answer.access_token,
        botRefreshToken: answer.refresh_token,
        botTokenExpiresAt: new Date(now() + answer.expires_in * 1000),
      });
      return { botToken: answer.access_token };
    },
  };
}
