import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Logger } from "pino";
import {
  type SlackInstallationService,
  UnreadableTokenError,
  type WorkspaceInstallation,
} from "../../services/slack-installations.ts";

/** No installation (or only a revoked one) answers this request's workspace. */
export class NoInstallationError extends Error {}

/** Whether an authorization failure, through the errors Bolt wraps it in, was "not installed". */
export function isNotInstalled(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof NoInstallationError) return true;
    current = (current as { original?: unknown }).original;
  }
  return false;
}

/** Bolt's installation, translated to the service's (and back); a token never reaches the log. */
export function toWorkspaceInstallation(installation: Installation): WorkspaceInstallation {
  const bot = installation.bot;
  if (!bot?.token) throw new Error("the installation carries no bot token (the bot scopes were not granted)");
  return {
    teamId: installation.team?.id ?? null,
    teamName: installation.team?.name ?? null,
    enterpriseId: installation.enterprise?.id ?? null,
    enterpriseName: installation.enterprise?.name ?? null,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
    appId: installation.appId ?? null,
    botId: bot.id ?? null,
    botUserId: bot.userId ?? null,
    botScopes: bot.scopes ?? [],
    botToken: bot.token,
    botRefreshToken: bot.refreshToken ?? null,
    // Bolt counts in seconds since the epoch.
    botTokenExpiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
    installerUserId: installation.user?.id ?? null,
  };
}

export function toBoltInstallation(found: WorkspaceInstallation): Installation {
  return {
    team: found.teamId ? { id: found.teamId } : undefined,
    enterprise: found.enterpriseId ? { id: found.enterpriseId } : undefined,
    isEnterpriseInstall: found.isEnterpriseInstall,
    appId: found.appId ?? undefined,
    authVersion: "v2",
    tokenType: "bot",
    user: { id: found.installerUserId ?? "", token: undefined, scopes: undefined },
    bot: {
      token: found.botToken,
      ...(found.botRefreshToken ? { refreshToken: found.botRefreshToken } : {}),
      ...(found.botTokenExpiresAt ? { expiresAt: Math.floor(found.botTokenExpiresAt.getTime() / 1000) } : {}),
      scopes: found.botScopes,
      id: found.botId ?? "",
      userId: found.botUserId ?? "",
    },
  } as Installation;
}

/**
 * The store Bolt's OAuth flow and `authorize` use: installations live in the project's database,
 * through the service. Bolt also stores here the new token after a rotation.
 */
export function databaseInstallationStore(installations: SlackInstallationService, logger: Logger): InstallationStore {
  return {
    async storeInstallation(installation) {
      const { key } = await installations.install(toWorkspaceInstallation(installation));
      logger.info({ installation: key }, "Slack installation stored");
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await installations.find(query).catch((error: unknown) => {
        // Said loudly: every request of that workspace is refused until the key is put back.
        if (error instanceof UnreadableTokenError) logger.error({ installation: error.installKey }, error.message);
        throw error;
      });
      if (!found)
        throw new NoInstallationError(`no installation for ${query.enterpriseId ?? ""}/${query.teamId ?? ""}`);
      return toBoltInstallation(found);
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await installations.revoke(query, "app_uninstalled");
    },
  };
}
