import type { TxClient } from "../client.ts";
import { isUniqueViolation } from "../unique-violation.ts";

/** A stored installation, tokens still sealed (ciphertexts). */
export interface SlackInstallationRow {
  installKey: string;
  territoryId: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botId: string | null;
  botUserId: string | null;
  botScopes: string;
  botToken: string | null;
  botRefreshToken: string | null;
  botTokenExpiresAt: Date | null;
  installerUserId: string | null;
  revokedAt: Date | null;
}

export type SlackInstallationInput = Omit<SlackInstallationRow, "revokedAt">;

export class SlackInstallationRepository {
  constructor(private readonly db: TxClient) {}

  findByKey(installKey: string): Promise<SlackInstallationRow | null> {
    return this.db.slackInstallation.findUnique({ where: { installKey } });
  }

  /** The live installation whose token posts in this territory, if any. */
  findLiveForTerritory(territoryId: string): Promise<SlackInstallationRow | null> {
    return this.db.slackInstallation.findFirst({
      where: { territoryId, revokedAt: null, botToken: { not: null } },
      orderBy: { updatedAt: "desc" },
    });
  }

  /** Installations that still hold tokens. */
  listLive(): Promise<SlackInstallationRow[]> {
    return this.db.slackInstallation.findMany({ where: { revokedAt: null, botToken: { not: null } } });
  }

  /** Replaces the sealed tokens only (re-encryption under a new key): the tokens themselves are unchanged. */
  async reseal(installKey: string, sealed: { botToken: string; botRefreshToken: string | null }, at: Date) {
    await this.db.slackInstallation.update({ where: { installKey }, data: { ...sealed, updatedAt: at } });
  }

  async save(row: SlackInstallationInput, at: Date): Promise<void> {
    const data = { ...row, revokedAt: null, updatedAt: at };
    await this.db.slackInstallation.upsert({
      where: { installKey: row.installKey },
      create: { ...data, installedAt: at },
      update: data,
    });
  }

  /** Erases the tokens at once; the row stays, so a reinstall finds its territory again. */
  async revoke(installKey: string, at: Date): Promise<boolean> {
    const result = await this.db.slackInstallation.updateMany({
      where: { installKey, revokedAt: null },
      data: { botToken: null, botRefreshToken: null, botTokenExpiresAt: null, revokedAt: at, updatedAt: at },
    });
    return result.count > 0;
  }

  /**
   * Records an OAuth state's nonce as used; false when it already was (a replay). Expired
   * nonces are dropped first: their states are refused for age anyway.
   */
  async consumeState(nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.db.slackOAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
    try {
      await this.db.slackOAuthState.create({ data: { nonce, expiresAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
