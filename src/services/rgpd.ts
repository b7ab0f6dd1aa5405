import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import { inTransaction, readOnly, type Repositories } from "../db/repositories/index.ts";
import { addMonths, todayIn } from "../domain/calendar.ts";
import { readSettings } from "../domain/settings.ts";
import { HOUSEHOLD_REFERENCE } from "../domain/vocabulary.ts";
import type { Actor } from "./types.ts";

export interface RetentionReport {
  territoryId: string;
  anonymized: number;
  auditPurged: number;
}

function checkReference(reference: string): string {
  const ref = reference.toUpperCase();
  if (!HOUSEHOLD_REFERENCE.test(ref)) throw new UserError("invalid_household_reference", { ref: reference });
  return ref;
}

const anonymousRef = () => `ANON-${randomBytes(4).toString("hex").toUpperCase()}`;

/** The household's rights (export, erasure), the access log, and retention. */
export class RgpdService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private async household(repos: Repositories, territoryId: string, reference: string) {
    const found = await repos.households.find(territoryId, checkReference(reference));
    if (!found || found.anonymizedAt) throw new UserError("unknown_household", { ref: reference });
    return found;
  }

  /** Everything held about a household, as JSON; the export itself is audited. */
  export(actor: Actor, reference: string): Promise<{ reference: string; json: Buffer }> {
    return inTransaction(this.db, async (repos) => {
      const household = await this.household(repos, actor.territoryId, reference);
      const everything = await repos.rgpd.everything(actor.territoryId, household.reference);
      const audit = await repos.rgpd.auditOf(actor.territoryId, household.reference);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.exported",
          subjectType: "household",
          subjectRef: household.reference,
        },
        this.clock.now(),
      );
      const document = { exportedAt: this.clock.now().toISOString(), household: everything, auditTrail: audit };
      return { reference: household.reference, json: Buffer.from(JSON.stringify(document, null, 2), "utf8") };
    });
  }

  /** Erases a household: only its anonymised counts remain. Refused while a mesure is running. */
  /** The household to erase, refused while one of its mesures runs. */
  private async erasable(repos: Repositories, territoryId: string, reference: string) {
    const household = await this.household(repos, territoryId, reference);
    if ((await repos.rgpd.hasActiveMesure(household.id)) > 0)
      throw new UserError("erase_active_mesure", { ref: household.reference });
    return household;
  }

  /** Refuses at once what `erase` would refuse, so a confirmation is only asked for an allowed erasure. */
  async checkErasable(actor: Actor, reference: string): Promise<void> {
    await this.erasable(readOnly(this.db), actor.territoryId, reference);
  }

  erase(actor: Actor, reference: string): Promise<string> {
    return inTransaction(this.db, async (repos) => {
      const household = await this.erasable(repos, actor.territoryId, reference);
      const anonymous = anonymousRef();
      const now = this.clock.now();
      await repos.rgpd.anonymize(household.id, household.reference, actor.territoryId, anonymous, now);
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "household.erased",
          subjectType: "household",
          subjectRef: anonymous,
        },
        now,
      );
      return anonymous;
    });
  }

  /** Who saw or changed what about a household, and when. Reading the log is itself logged. */
  auditFor(actor: Actor, reference: string) {
    return inTransaction(this.db, async (repos) => {
      const ref = checkReference(reference);
      const events = await repos.rgpd.auditOf(actor.territoryId, ref);
      if (events.length === 0) throw new UserError("no_audit_for", { ref });
      const names = new Map<string, string>();
      const rows = [];
      for (const event of events) {
        const id = event.actorId;
        if (id && !names.has(id))
          names.set(id, (await repos.members.findById(actor.territoryId, id))?.displayName ?? "?");
        rows.push({
          action: event.action,
          outcome: event.outcome,
          actor: id ? (names.get(id) ?? "?") : "-",
          at: event.createdAt,
        });
      }
      await repos.audit.record(
        {
          territoryId: actor.territoryId,
          actorId: actor.memberId,
          action: "audit.read",
          subjectType: "household",
          subjectRef: ref,
        },
        this.clock.now(),
      );
      return rows;
    });
  }

  /**
   * The daily job: anonymises households whose last contact is older than the retention period
   * (with nothing running), purges access logs past their retention, and records what it did.
   */
  async retention(): Promise<RetentionReport[]> {
    const now = this.clock.now();
    const reports: RetentionReport[] = [];
    for (const territory of await readOnly(this.db).reminders.territories()) {
      const settings = readSettings(territory.settings).rgpd;
      const today = todayIn(territory.timezone, now);
      const cutoff = new Date(`${addMonths(today, -12 * settings.retentionYears)}T00:00:00Z`);
      const expired = await readOnly(this.db).rgpd.expired(territory.id, cutoff);
      for (const household of expired) {
        await inTransaction(this.db, (repos) =>
          repos.rgpd.anonymize(household.id, household.reference, territory.id, anonymousRef(), now),
        );
      }
      const auditPurged = await inTransaction(this.db, async (repos) => {
        const purged = await repos.rgpd.purgeAudit(
          territory.id,
          new Date(`${addMonths(today, -settings.auditRetentionMonths)}T00:00:00Z`),
        );
        await repos.audit.record(
          {
            territoryId: territory.id,
            actorId: null,
            action: "retention.run",
            details: { anonymized: expired.length, auditPurged: purged },
          },
          now,
        );
        return purged;
      });
      if (expired.length > 0 || auditPurged > 0)
        this.logger.warn(
          { territory: territory.id, anonymized: expired.length, auditPurged },
          "retention: data anonymised or purged",
        );
      reports.push({ territoryId: territory.id, anonymized: expired.length, auditPurged });
    }
    return reports;
  }

  /** The last runs of the retention job, for the admin. */
  async journal(actor: Actor) {
    const events = await readOnly(this.db).audit.listForAction(actor.territoryId, "retention.run", 10);
    return events.map((e) => ({
      at: e.createdAt,
      ...((e.details ?? {}) as { anonymized?: number; auditPurged?: number }),
    }));
  }
}
