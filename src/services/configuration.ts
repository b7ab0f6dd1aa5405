import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { Locale } from "../core/i18n.ts";
import type { Role } from "../core/roles.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import { todayIn } from "../domain/calendar.ts";
import { lastAdminProblem } from "../domain/admins.ts";
import { parseGrantSubject, type GrantSubject } from "../domain/grant-subject.ts";
import { agrementYear } from "../domain/quota.ts";
import { readSettings, withSetting, type SettingKey } from "../domain/settings.ts";
import type { ChannelPurpose } from "../domain/vocabulary.ts";
import type { IdentityCache } from "./identity-cache.ts";
import { yearUse } from "./quotas.ts";
import type { Actor } from "./types.ts";

export class ConfigurationService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
    private readonly identities: IdentityCache,
  ) {}

  private async dispositif(repos: Repositories, territoryId: string, code: string) {
    const found = await repos.dispositifs.findByCode(territoryId, code);
    if (found) return found;
    const known = (await repos.dispositifs.list(territoryId)).map((d) => d.code).join(", ");
    throw new UserError("unknown_dispositif", { code, known: known || "-" });
  }

  /**
   * Sets the number of mesures approved for a year. The current year cannot go below what is
   * held today; a later year can (the State may approve fewer), and the reply then says how many
   * mesures too many will still be running.
   */
  setQuota(actor: Actor, code: string, year: number, approved: number) {
    return inTransaction(this.db, async (repos) => {
      const dispositif = await this.dispositif(repos, actor.territoryId, code);
      const today = todayIn(actor.timezone, this.clock.now());
      const currentYear = agrementYear(today, dispositif.agrementStartMonth);
      const use = await yearUse(repos, dispositif, year, approved, year === currentYear ? today : undefined);
      if (year === currentYear && use.overCommitted > 0)
        throw new UserError("quota_below_held", { code, approved, held: use.held });
      const previous = await repos.dispositifs.setQuota(dispositif.id, year, approved);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "quota.set",
          subjectType: "dispositif",
          subjectRef: code,
          details: { year, approved, previous },
        },
        this.clock.now(),
      );
      return { dispositif, year, approved, previous, use };
    });
  }

  bindChannel(actor: Actor, purpose: ChannelPurpose, channelId: string) {
    return inTransaction(this.db, async (repos) => {
      await repos.channels.bind(actor.territoryId, purpose, channelId);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "channel.bound",
          details: { purpose, channelId },
        },
        this.clock.now(),
      );
    });
  }

  parseSubject(text: string): GrantSubject {
    const subject = parseGrantSubject(text);
    if (!subject) throw new UserError("invalid_grant_subject", { received: text.slice(0, 80) });
    return subject;
  }

  /** Returns whether anything changed (granting twice or revoking nothing is not an error). */
  setRole(actor: Actor, subject: GrantSubject, role: Role, grant: boolean) {
    return inTransaction(this.db, async (repos) => {
      const changed = grant
        ? await repos.grants.grant(actor.territoryId, subject.kind, subject.id, role)
        : await repos.grants.revoke(actor.territoryId, subject.kind, subject.id, role);
      if (changed && !grant && role === "admin") {
        const territory = await repos.territories.findById(actor.territoryId);
        const problem = lastAdminProblem(
          territory?.platform ?? "console",
          await repos.grants.countRole(actor.territoryId, "admin"),
        );
        // Thrown inside the transaction: the revocation is rolled back.
        if (problem) throw new UserError(problem, { subject: `${subject.kind}:${subject.id}` });
      }
      if (changed) {
        await repos.audit.record(
          {
            territoryId: actor.territoryId,
            actorId: actor.memberId,
            action: grant ? "role.granted" : "role.revoked",
            details: { subject: subject.kind, subjectId: subject.id, role },
          },
          this.clock.now(),
        );
      }
      this.identities.forgetTerritory(actor.territoryId);
      return changed;
    });
  }

  setLocale(actor: Actor, locale: Locale) {
    return inTransaction(this.db, async (repos) => {
      await repos.territories.setLocale(actor.territoryId, locale);
      await repos.audit.record(
        { territoryId: actor.territoryId, actorId: actor.memberId, action: "territory.locale", details: { locale } },
        this.clock.now(),
      );
      this.identities.forgetTerritory(actor.territoryId);
    });
  }

  /** Changes one territory setting; a value out of its bounds is refused, naming the setting. */
  setSetting(actor: Actor, key: SettingKey, typed: string) {
    return inTransaction(this.db, async (repos) => {
      const territory = await repos.territories.findById(actor.territoryId);
      const next = withSetting(readSettings(territory?.settings), key, typed);
      if (!next) throw new UserError("invalid_setting_value", { key, received: typed.slice(0, 40) });
      await repos.territories.setSettings(actor.territoryId, next);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "setting.changed",
          details: { key, value: typed },
        },
        this.clock.now(),
      );
      return next;
    });
  }

  async settings(territoryId: string) {
    return readSettings((await readOnly(this.db).territories.findById(territoryId))?.settings);
  }

  channelFor(territoryId: string, purpose: ChannelPurpose): Promise<string | null> {
    return readOnly(this.db).channels.channelFor(territoryId, purpose);
  }

  async overview(actor: Actor) {
    const repos = readOnly(this.db);
    const [channels, grants, dispositifs] = await Promise.all([
      repos.channels.list(actor.territoryId),
      repos.grants.list(actor.territoryId),
      repos.dispositifs.list(actor.territoryId),
    ]);
    return { channels, grants, dispositifs };
  }
}
