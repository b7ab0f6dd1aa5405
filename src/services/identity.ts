import type { ResolvedIdentity } from "../core/command.ts";

export type { ResolvedIdentity };
import type { Clock } from "../core/clock.ts";
import { toLocale, type Locale } from "../core/i18n.ts";
import type { Role } from "../core/roles.ts";
import type { DbClient } from "../db/client.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
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
   * member whose name and language did not change) is two reads; a first contact creates what is
   * missing in a way fifty members writing at once cannot break (see firstContactTerritory).
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
    const territory = known?.territory ?? (await this.firstContactTerritory(identity));
    let member = known?.member ?? (await this.firstContactMember(territory.id, identity));
    if (member.displayName !== identity.displayName || member.locale !== platformLocale)
      member = await readOnly(this.db).members.touch(member.id, identity.displayName, platformLocale, this.clock.now());
    const roles = await readOnly(this.db).grants.rolesFor(territory.id, identity.userExternalId, identity.groupIds);
    return this.resolved(territory, member, roles, identity);
  }

  /**
   * Creates the territory on first contact (with its audit event), or finds the one a concurrent
   * first contact created a moment ago: the unique index decides, the loser reads the winner's row.
   */
  private async firstContactTerritory(identity: PlatformIdentity): Promise<TerritoryRow> {
    const find = () => readOnly(this.db).territories.findByExternal(identity.platform, identity.territoryExternalId);
    const existing = await find();
    if (existing) return existing;
    try {
      return await inTransaction(this.db, async (repos) => {
        const territory = await repos.territories.create({
          platform: identity.platform,
          externalId: identity.territoryExternalId,
          name: identity.territoryName,
          locale: this.defaults.locale,
          timezone: this.defaults.timezone,
          createdAt: this.clock.now(),
        });
        await repos.audit.record(
          {
            territoryId: territory.id,
            actorId: null,
            action: "territory.created",
            details: { platform: identity.platform },
          },
          this.clock.now(),
        );
        return territory;
      });
    } catch (error) {
      const winner = isUniqueViolation(error) ? await find() : null;
      if (winner) return winner;
      throw error;
    }
  }

  private async firstContactMember(territoryId: string, identity: PlatformIdentity): Promise<MemberRow> {
    const members = readOnly(this.db).members;
    const existing = await members.findByExternal(territoryId, identity.userExternalId);
    if (existing) return existing;
    try {
      return await members.create({
        territoryId,
        externalId: identity.userExternalId,
        displayName: identity.displayName,
        locale: identity.locale ?? null,
      });
    } catch (error) {
      const winner = isUniqueViolation(error)
        ? await members.findByExternal(territoryId, identity.userExternalId)
        : null;
      if (winner) return winner;
      throw error;
    }
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
