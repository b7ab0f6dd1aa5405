import type { DbClient } from "../db/client.ts";
import { readOnly } from "../db/repositories/index.ts";
import type { EcheanceRead } from "../db/repositories/reminders.ts";
import { addDays, type IsoDate, todayIn } from "../domain/calendar.ts";
import {
  changedEcheanceDates,
  horizonDays,
  isPostingDay,
  planReminders,
  type Reminder,
  type ReminderSettings,
} from "../domain/reminders.ts";

const DAY_MS = 86_400_000;
/** How far back a run looks for the last one that settled the échéances (past it, all are read). */
const SETTLED_LOOKBACK_DAYS = 14;

export interface PlanTarget {
  id: string;
  timezone: string;
  settings: ReminderSettings;
  /**
   * Read every open échéance due within the horizon, not only those whose reminder may have
   * changed: when ledger rows wait for a digest (they are kept only if still due). A run of an
   * earlier slot, behind one of a later day, reads them all as well (see `Plan.earlier`).
   */
  readAll?: boolean;
}

export interface Plan {
  /** Each territory's reminders of the day. */
  reminders: Map<string, Reminder[]>;
  /** The échéances read for each territory (those a run may mark settled). */
  echeances: Map<string, EcheanceRead[]>;
  /** Territories a run of a later day already settled: this is an earlier slot, read in full. */
  earlier: Set<string>;
}

/** Territories read in one statement at most (each statement lists them). */
const TERRITORIES_PER_READ = 100;

/**
 * Plans the reminders of `at` for many territories: one read per kind for all of them (through
 * indexes: only rows that can be due; for échéances, those not settled yet and those whose due
 * date gives a new reminder since the last posting day a run settled them), then the pure planner
 * for each. The plan holds every reminder due among what was read, delivered or not: the ledger
 * tells which are new.
 */
export async function planFor(db: DbClient, targets: readonly PlanTarget[], at: Date): Promise<Plan> {
  const settledOn = await lastSettled(db, targets, at);
  // Territories on the same day with the same settings share their reads (usually all of them).
  const groups = new Map<string, { since: IsoDate | null | "all"; targets: PlanTarget[] }>();
  for (const target of targets) {
    const since = target.readAll ? "all" : (settledOn.get(target.id) ?? null);
    const group = `${todayIn(target.timezone, at)} ${since} ${JSON.stringify(target.settings)}`;
    const entry = groups.get(group) ?? { since, targets: [] };
    entry.targets.push(target);
    groups.set(group, entry);
  }
  const plan: Plan = {
    reminders: new Map(),
    echeances: new Map(),
    earlier: new Set([...settledOn].filter(([, day]) => day === "all").map(([id]) => id)),
  };
  for (const { since, targets: group } of groups.values())
    for (let i = 0; i < group.length; i += TERRITORIES_PER_READ)
      await planGroup(db, group.slice(i, i + TERRITORIES_PER_READ), since, at, plan);
  return plan;
}

/**
 * Each territory's last posting day whose run finished (its lease), before or on the day of `at`;
 * "all" when a run of a later day already finished (this is an earlier slot: read everything).
 */
async function lastSettled(
  db: DbClient,
  targets: readonly PlanTarget[],
  at: Date,
): Promise<Map<string, IsoDate | "all">> {
  const byId = new Map(targets.filter((t) => !t.readAll).map((t) => [t.id, t]));
  const found = new Map<string, IsoDate | "all">();
  const finished = await readOnly(db).reminders.finishedSlots(
    [...byId.keys()],
    new Date(at.getTime() - SETTLED_LOOKBACK_DAYS * DAY_MS),
  );
  for (const { territoryId, slot } of finished) {
    const target = byId.get(territoryId);
    if (!target || found.get(territoryId) === "all") continue;
    const today = todayIn(target.timezone, at);
    const day = todayIn(target.timezone, slot);
    if (day > today) found.set(territoryId, "all");
    else if (isPostingDay(day, target.settings) && day > (found.get(territoryId) ?? "")) found.set(territoryId, day);
  }
  return found;
}

async function planGroup(
  db: DbClient,
  targets: readonly PlanTarget[],
  since: IsoDate | null | "all",
  at: Date,
  plan: Plan,
): Promise<void> {
  const today = todayIn(targets[0]!.timezone, at);
  const settings = targets[0]!.settings;
  const snapshots = await readOnly(db).reminders.snapshots(
    targets.map((t) => t.id),
    {
      echeances:
        since === "all"
          ? { until: addDays(today, horizonDays(settings)) }
          : { changed: changedEcheanceDates(since, today, settings) },
      submittedBefore: new Date(at.getTime() - (settings.candidatureWaitDays - 1) * DAY_MS),
      meetingsFrom: today,
      meetingsUntil: addDays(today, settings.agendaDaysBefore),
      before: today,
      incompleteBefore: new Date(at.getTime() - (settings.claimIncompleteDays - 1) * DAY_MS),
    },
  );
  for (const target of targets) {
    const raw = snapshots.get(target.id)!;
    const snapshot = {
      ...raw,
      candidatures: raw.candidatures.map((c) => ({ ...c, submittedOn: todayIn(target.timezone, c.submittedAt) })),
      claims: raw.claims.map((c) => ({
        reference: c.reference,
        incompleteSince: todayIn(target.timezone, c.incompleteAt),
      })),
    };
    plan.reminders.set(target.id, planReminders(snapshot, today, target.settings));
    plan.echeances.set(target.id, raw.echeances);
  }
}
