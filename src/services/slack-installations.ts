import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { SecretBox } from "../core/secret-box.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import type { SlackInstallationRow } from "../db/repositories/slack-installations.ts";
import { type InstallationScope, installationKey, installationTerritoryId } from "../domain/slack-installation.ts";

/** A workspace's installation as the OAuth flow gives it, tokens in clear (in memory only). */
export interface WorkspaceInstallation {
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botId: string | null;
  botUserId: string | null;
  botScopes: string[];
  botToken: string;
  botRefreshToken: string | null;
  botTokenExpiresAt: Date | null;
  installerUserId: string | null;
}

/** The stored tokens no longer open under TOKEN_ENCRYPTION_KEY (the key was changed). */
export class UnreadableTokenError extends Error {
  constructor(readonly installKey: string) {
    super(`the tokens of ${installKey} cannot be decrypted with TOKEN_ENCRYPTION_KEY (was the key changed?)`);
  }
}

export type Revocation = "app_uninstalled" | "tokens_revoked";

/**
 * Slack installations of a distributed app: each workspace's row, linked to its territory
 * (created at install, found again at a reinstall), tokens sealed with AES-256-GCM before they
 * reach the database. Every install, update and revocation is audited, without any token.
 */
export class SlackInstallationService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly defaults: { locale: Locale; timezone: string },
  ) {}

  async install(installation: WorkspaceInstallation): Promise<{ territoryId: string; key: string }> {
    const key = installationKey(installation);
    const externalId = installationTerritoryId(installation);
    if (!key || !externalId) throw new Error("an installation names neither a workspace nor an enterprise");
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const before = await repos.slackInstallations.findByKey(key);
      let territory = await repos.territories.findByExternal("slack", externalId);
      if (!territory) {
        territory = await repos.territories.create({
          platform: "slack",
          externalId,
          name: installation.teamName ?? installation.enterpriseName ?? externalId,
          locale: this.defaults.locale,
          timezone: this.defaults.timezone,
        });
        await repos.audit.record(
          { territoryId: territory.id, actorId: null, action: "territory.created", details: { platform: "slack" } },
          now,
        );
      }
      await repos.slackInstallations.save(
        {
          installKey: key,
          territoryId: territory.id,
          teamId: installation.teamId,
          enterpriseId: installation.enterpriseId,
          isEnterpriseInstall: installation.isEnterpriseInstall,
          appId: installation.appId,
          botId: installation.botId,
          botUserId: installation.botUserId,
          botScopes: installation.botScopes.join(","),
          botToken: this.box.seal(installation.botToken, key),
          botRefreshToken: installation.botRefreshToken ? this.box.seal(installation.botRefreshToken, key) : null,
          botTokenExpiresAt: installation.botTokenExpiresAt,
          installerUserId: installation.installerUserId,
        },
        now,
      );
      const action = !before
        ? "slack.installed"
        : before.revokedAt
          ? "slack.reinstalled"
          : "slack.installation_updated";
      await repos.audit.record(
        {
          territoryId: territory.id,
          actorId: null,
          action,
          details: {
            key,
            scopes: installation.botScopes.join(","),
            rotation: installation.botRefreshToken !== null,
          },
        },
        now,
      );
      return { territoryId: territory.id, key };
    });
  }

  /** The live installation answering this request's workspace (or enterprise), tokens opened. */
  async find(scope: InstallationScope): Promise<(WorkspaceInstallation & { territoryId: string }) | null> {
    const repos = readOnly(this.db);
    // A workspace of an org-wide install has no row of its own: the enterprise's answers it.
    const keys = [installationKey(scope), installationKey({ ...scope, isEnterpriseInstall: true })];
    for (const key of new Set(keys)) {
      if (!key) continue;
      const row = await repos.slackInstallations.findByKey(key);
      if (row?.botToken) return this.opened(row);
    }
    return null;
  }

  /** Where the territory's reminders are posted from: its live installation, if any. */
  async findForTerritory(territoryId: string): Promise<(WorkspaceInstallation & { territoryId: string }) | null> {
    const row = await readOnly(this.db).slackInstallations.findLiveForTerritory(territoryId);
    return row ? this.opened(row) : null;
  }

  /**
   * Erases the tokens at once (uninstall or revocation). The territory and its data stay under
   * the retention rules; the admin who reinstalls finds them again.
   */
  async revoke(scope: InstallationScope, reason: Revocation): Promise<boolean> {
    const key = installationKey(scope);
    if (!key) return false;
    return inTransaction(this.db, async (repos) => {
      const row = await repos.slackInstallations.findByKey(key);
      const now = this.clock.now();
      if (!row || !(await repos.slackInstallations.revoke(key, now))) return false;
      await repos.audit.record(
        { territoryId: row.territoryId, actorId: null, action: "slack.tokens_erased", details: { key, reason } },
        now,
      );
      return true;
    });
  }

  /**
   * After TOKEN_ENCRYPTION_KEY changed (the old one given as TOKEN_ENCRYPTION_KEY_PREVIOUS): every
   * token still sealed with the old key is sealed again with the new one, each row in its own
   * transaction with an audit event. Returns how many installations moved.
   */
  async resealStale(): Promise<number> {
    let moved = 0;
    for (const row of await readOnly(this.db).slackInstallations.listLive()) {
      const bot = this.tryOpen(row.botToken, row.installKey);
      const refresh = this.tryOpen(row.botRefreshToken, row.installKey);
      if (!bot || !(bot.stale || refresh?.stale)) continue;
      await inTransaction(this.db, async (repos) => {
        const now = this.clock.now();
        await repos.slackInstallations.reseal(
          row.installKey,
          {
            botToken: this.box.seal(bot.plain, row.installKey),
            botRefreshToken: refresh ? this.box.seal(refresh.plain, row.installKey) : null,
          },
          now,
        );
        await repos.audit.record(
          {
            territoryId: row.territoryId,
            actorId: null,
            action: "slack.tokens_resealed",
            details: { key: row.installKey },
          },
          now,
        );
      });
      moved++;
    }
    return moved;
  }

  private tryOpen(sealed: string | null, context: string): { plain: string; stale: boolean } | null {
    if (!sealed) return null;
    try {
      return this.box.openWithKey(sealed, context);
    } catch {
      throw new UnreadableTokenError(context);
    }
  }

  /** False when this OAuth state was already used (a replay). */
  consumeState(nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
    return readOnly(this.db).slackInstallations.consumeState(nonce, expiresAt, now);
  }

  private opened(row: SlackInstallationRow): WorkspaceInstallation & { territoryId: string } {
    let botToken: string;
    let botRefreshToken: string | null;
    try {
      botToken = this.box.open(row.botToken ?? "", row.installKey);
      botRefreshToken = row.botRefreshToken ? this.box.open(row.botRefreshToken, row.installKey) : null;
    } catch {
      throw new UnreadableTokenError(row.installKey);
    }
    return {
      territoryId: row.territoryId,
      teamId: row.teamId,
      teamName: null,
      enterpriseId: row.enterpriseId,
      enterpriseName: null,
      isEnterpriseInstall: row.isEnterpriseInstall,
      appId: row.appId,
      botId: row.botId,
      botUserId: row.botUserId,
      botScopes: row.botScopes ? row.botScopes.split(",") : [],
      botToken,
      botRefreshToken,
      botTokenExpiresAt: row.botTokenExpiresAt,
      installerUserId: row.installerUserId,
    };
  }
}
