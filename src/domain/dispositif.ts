import { addMonths, type IsoDate } from "./calendar.ts";
import { planAfterExtension } from "./mesure.ts";
import type { HolidayRegion } from "./holidays.ts";
import {
  onWorkingDays,
  planEcheances,
  type EcheanceKind,
  type MesureDurations,
  type PlannedEcheance,
} from "./schedule.ts";

/** A dispositif's rules, set by the admin (the seeds give the defaults: 6, 10, 12, +6, 2, 18). */
export interface DispositifRules extends MesureDurations {
  extensionMonths: number;
  maxDurationMonths: number;
  agrementStartMonth: number;
  requiresHousedByOperator: boolean;
}

/** Why a set of durations cannot work, or null: bilans in order, the slide decision within the maximum. */
export function rulesProblem(rules: DispositifRules): "durations_out_of_order" | "duration_beyond_max" | null {
  if (!(rules.firstBilanMonths < rules.secondBilanMonths && rules.secondBilanMonths < rules.slideDecisionMonths))
    return "durations_out_of_order";
  if (rules.slideDecisionMonths > rules.maxDurationMonths) return "duration_beyond_max";
  return null;
}

export interface RunningMesure {
  entryDate: IsoDate;
  plannedEndDate: IsoDate;
  /** The day a bilan moved its end, if one did (its plan is then the one after an extension). */
  extendedOn: IsoDate | null;
  echeances: { id: string; kind: EcheanceKind; dueDate: IsoDate; done: boolean; open: boolean }[];
}

export interface Replanning {
  cancel: string[];
  create: PlannedEcheance[];
  plannedEnd: IsoDate;
}

const key = (e: { kind: string; dueDate: string }) => `${e.kind}@${e.dueDate}`;

/**
 * What changes for a running mesure when its dispositif's durations change: only what is still
 * to come. Échéances already held, and overdue ones, stay as they are; a bilan already held is
 * not planned again; the slide decision always exists once. Returns null when nothing changes.
 */
export function replanFuture(
  mesure: RunningMesure,
  rules: DispositifRules,
  today: IsoDate,
  region: HolidayRegion,
): Replanning | null {
  const plannedEnd = mesure.extendedOn ? mesure.plannedEndDate : addMonths(mesure.entryDate, rules.slideDecisionMonths);
  const target = onWorkingDays(
    mesure.extendedOn
      ? planAfterExtension(mesure.extendedOn, plannedEnd, rules)
      : planEcheances(mesure.entryDate, rules),
    region,
  );
  const held = new Set(mesure.echeances.filter((e) => e.done && e.kind !== "suivi").map((e) => e.kind));
  const wanted = target.filter(
    (e) => !held.has(e.kind) && (e.dueDate > today || (e.kind === "glissement_12" && !held.has(e.kind))),
  );
  const movable = mesure.echeances.filter((e) => e.open && (e.dueDate > today || e.kind === "glissement_12"));
  const wantedKeys = new Set(wanted.map(key));
  const movableKeys = new Set(movable.map(key));
  const cancel = movable.filter((e) => !wantedKeys.has(key(e))).map((e) => e.id);
  const create = wanted.filter((e) => !movableKeys.has(key(e)));
  if (cancel.length === 0 && create.length === 0 && plannedEnd === mesure.plannedEndDate) return null;
  return { cancel, create, plannedEnd };
}
