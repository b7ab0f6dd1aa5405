import type { ResolvedIdentity } from "../core/command.ts";

export type { ResolvedIdentity };
import type { Clock } from "../core/clock.ts";
import { toLocale, type Locale } from "../core/i18n.ts";
import type { Role } from "../core/roles.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly } from "../db/repositories/index.ts";
import type { MemberRow } from "../db/repositories/members.ts";
import type { TerritoryRow } from "../db/repositories/territories.ts";
import type { PlatformName } from "../domain/vocabulary.ts";
import type { IdentityCache } from "./identity-cache.ts";

/** Who is talking, as the platform adapter knows it. */
export interface PlatformIdentity {
  platform: PlatformName;
  territoryExternalId: string;
  territoryName: string;
  userExternalId: string;
  displayName: string;
  /** Platform groups the user belongs to (Discord roles, Slack user groups). */
  groupIds: readonly string[];
  /** Workspace admin/owner on Slack, Administrator or Manage Server on Discord. */
  platformAdmin: boolean;
  /** The member's own language setting on the platform, if it has one. */
  locale?: string | null;
}

export class IdentityService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
    private readonly defaults: { locale: Locale; timezone: string },
    private readonly cache: IdentityCache,
  ) {}

  /**
   * Finds the territory and member, and computes the member's roles. The usual case (a known
   * member whose name and language did not change) is two reads; first contact and changes are
   * written in one transaction.
   */
  async resolve(identity: PlatformIdentity): Promise<ResolvedIdentity> {
    const key = JSON.stringify([
      identity.platform,
      identity.territoryExternalId,
      identity.userExternalId,
      identity.displayName,
      identity.locale ?? null,
      identity.platformAdmin,
      [...identity.groupIds].sort(),
    ]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const resolved = await this.load(identity);
    this.cache.set(key, resolved);
    return resolved;
  }

  private async load(identity: PlatformIdentity): Promise<ResolvedIdentity> {
    const platformLocale = identity.locale ?? null;
    const known = await readOnly(this.db).members.findWithTerritory(
      identity.platform,
      identity.territoryExternalId,
      identity.userExternalId,
    );
    if (known && known.member.displayName === identity.displayName && known.member.locale === platformLocale) {
      const roles = await readOnly(this.db).grants.rolesFor(
        known.territory.id,
        identity.userExternalId,
        identity.groupIds,
      );
      return this.resolved(known.territory, known.member, roles, identity);
    }
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      let territory = await repos.territories.findByExternal(identity.platform, identity.territoryExternalId);
      if (!territory) {
        territory = await repos.territories.create({
          platform: identity.platform,
          externalId: identity.territoryExternalId,
          name: identity.territoryName,
          locale: this.defaults.locale,
          timezone: this.defaults.timezone,
        });
        await repos.audit.record(
          {
            territoryId: territory.id,
            actorId: null,
            action: "territory.created",
            details: { platform: identity.platform },
          },
          now,
        );
      }
      let member = await repos.members.findByExternal(territory.id, identity.userExternalId);
      if (!member) {
        member = await repos.members.create({
          territoryId: territory.id,
          externalId: identity.userExternalId,
          displayName: identity.displayName,
          locale: platformLocale,
        });
      } else if (member.displayName !== identity.displayName || member.locale !== platformLocale) {
        member = await repos.members.touch(member.id, identity.displayName, platformLocale, now);
      }
      const roles = await repos.grants.rolesFor(territory.id, identity.userExternalId, identity.groupIds);
      return this.resolved(territory, member, roles, identity);
    });
  }

  private resolved(
    territory: TerritoryRow,
    member: MemberRow,
    grantedRoles: Role[],
    identity: PlatformIdentity,
  ): ResolvedIdentity {
    const roles = new Set<Role>(grantedRoles);
    if (identity.platformAdmin) roles.add("admin");
    const territoryLocale = toLocale(territory.locale, this.defaults.locale);
    return {
      territory: {
        id: territory.id,
        name: territory.name,
        platform: territory.platform,
        timezone: territory.timezone,
        locale: territoryLocale,
      },
      member: { id: member.id, externalId: member.externalId, displayName: member.displayName, roles },
      locale: toLocale(identity.locale ?? null, territoryLocale),
    };
  }
}
