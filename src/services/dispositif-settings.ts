import type { Clock } from "../core/clock.ts";
import { UserError } from "../core/errors.ts";
import type { DbClient } from "../db/client.ts";
import type { DispositifRow } from "../db/repositories/dispositifs.ts";
import { inTransaction, type Repositories } from "../db/repositories/index.ts";
import { addMonths, todayIn } from "../domain/calendar.ts";
import { replanFuture, rulesProblem, type DispositifRules } from "../domain/dispositif.ts";
import { holidayRegionOf } from "./calendar.ts";
import type { Actor } from "./types.ts";

export type DispositifChanges = Partial<DispositifRules> & { name?: string };

export interface DispositifSettingsResult {
  dispositif: DispositifRow;
  created: boolean;
  /** The settings that changed, by column name. */
  changed: string[];
  /** Whether durations that plan échéances changed (then `replanned` says for how many mesures). */
  durationsChanged: boolean;
  /** Running mesures whose future échéances were re-planned. */
  replanned: number;
}

const DURATION_COLUMNS = [
  "firstBilanMonths",
  "secondBilanMonths",
  "slideDecisionMonths",
  "followUpMonths",
] as const satisfies readonly (keyof DispositifRules)[];

/**
 * Re-plans what is still to come for every running mesure of a dispositif after its durations
 * changed; returns how many mesures changed.
 */
async function replanRunning(
  repos: Repositories,
  dispositif: DispositifRow,
  before: DispositifRow,
  today: string,
  now: Date,
) {
  const region = await holidayRegionOf(repos, dispositif.territoryId);
  let replanned = 0;
  for (const mesure of await repos.mesures.running(dispositif.id)) {
    const extended = mesure.plannedEndDate !== addMonths(mesure.entryDate, before.slideDecisionMonths);
    const plan = replanFuture(
      {
        entryDate: mesure.entryDate,
        plannedEndDate: mesure.plannedEndDate,
        extendedOn: extended ? (mesure.bilans[0]?.heldOn ?? today) : null,
        echeances: mesure.echeances.map((e) => ({
          id: e.id,
          kind: e.kind,
          dueDate: e.dueDate,
          done: e.doneAt !== null,
          open: e.doneAt === null && e.cancelledAt === null,
        })),
      },
      dispositif,
      today,
      region,
    );
    if (!plan) continue;
    replanned++;
    await repos.mesures.cancelEcheances(plan.cancel, now);
    await repos.mesures.createEcheances(
      plan.create.map((e) => ({
        territoryId: mesure.territoryId,
        mesureId: mesure.id,
        kind: e.kind,
        dueDate: e.dueDate,
      })),
      now,
    );
    if (plan.plannedEnd !== mesure.plannedEndDate)
      await repos.mesures.update(mesure.id, { plannedEndDate: plan.plannedEnd });
  }
  return replanned;
}

/** The admin's settings of a dispositif: created with its name, then its rules changed one by one. */
export class DispositifSettingsService {
  constructor(
    private readonly db: DbClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the dispositif (a name is then needed) or changes its rules. Durations that do not
   * fit together are refused; a change of durations re-plans only the future échéances of its
   * running mesures, in the same transaction.
   */
  configure(actor: Actor, code: string, typed: DispositifChanges): Promise<DispositifSettingsResult> {
    // Only what the admin gave: an option left out keeps its current value.
    const changes = Object.fromEntries(
      Object.entries(typed).filter(([, value]) => value !== undefined),
    ) as DispositifChanges;
    return inTransaction(this.db, async (repos) => {
      const now = this.clock.now();
      const existing = await repos.dispositifs.findByCode(actor.territoryId, code);
      if (!existing && !changes.name) throw new UserError("dispositif_name_required", { code });
      const before =
        existing ??
        (await repos.dispositifs.create({ territoryId: actor.territoryId, code, name: changes.name ?? code }));
      const next = { ...before, ...changes };
      const problem = rulesProblem(next);
      if (problem)
        throw new UserError(problem, {
          code,
          first: next.firstBilanMonths,
          second: next.secondBilanMonths,
          slide: next.slideDecisionMonths,
          max: next.maxDurationMonths,
        });
      const changed = (Object.keys(changes) as (keyof DispositifChanges)[]).filter(
        (k) => changes[k] !== undefined && (!existing || changes[k] !== before[k]),
      );
      const dispositif = changed.length > 0 ? await repos.dispositifs.update(before.id, changes) : before;
      const durationsChanged = existing !== null && DURATION_COLUMNS.some((k) => changed.includes(k));
      const replanned = durationsChanged
        ? await replanRunning(repos, dispositif, before, todayIn(actor.timezone, now), now)
        : 0;
      if (changed.length > 0 || !existing)
        await repos.audit.record(
          {
            territoryId: actor.territoryId,
            actorId: actor.memberId,
            action: existing ? "dispositif.configured" : "dispositif.created",
            subjectType: "dispositif",
            subjectRef: code,
            details: { ...Object.fromEntries(changed.map((k) => [k, changes[k] ?? null])), replanned },
          },
          now,
        );
      return { dispositif, created: !existing, changed, durationsChanged, replanned };
    });
  }
}
