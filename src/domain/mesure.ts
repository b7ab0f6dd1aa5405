import { addMonths, daysBetween, type IsoDate } from "./calendar.ts";
import type { EcheanceKind, MesureDurations, PlannedEcheance } from "./schedule.ts";
import type { BILAN_CONDITIONS } from "./vocabulary.ts";

/** A move-in date further ahead than this is a typing mistake, not a plan. */
export const MAX_ENTRY_AHEAD_DAYS = 183;
/** A lease slides at most this far after today: beyond, record the bilan's decision later. */
export const MAX_GLISSEMENT_AHEAD_DAYS = 92;

export function entryDateProblem(entry: IsoDate, today: IsoDate): "entry_too_far" | null {
  return daysBetween(today, entry) > MAX_ENTRY_AHEAD_DAYS ? "entry_too_far" : null;
}

/**
 * An échéance not held by its due date is overdue from the next day on: due today is still on
 * time. (The `/bilans` statement counts the same way in SQL: `"dueDate" < today`.)
 */
export function echeanceOverdue(dueDate: IsoDate, today: IsoDate): boolean {
  return dueDate < today;
}

export interface ExtensionDurations extends MesureDurations {
  extensionMonths: number;
  maxDurationMonths: number;
}

/**
 * "Prolonger" at a bilan. At the first bilan it means going on to the planned slide decision
 * (the seeds: "prolonger 6 mois" at 6 months runs to 12), so nothing moves, nor at a bilan held
 * outside the plan. At the second bilan, a pre-end bilan or the slide decision itself, the
 * planned end moves by the prolongation (12 + 6 = 18 months). Returns the new end, or null when it would pass the scheme's maximum duration.
 */
export function extendedEnd(
  entry: IsoDate,
  plannedEnd: IsoDate,
  answered: EcheanceKind | null,
  durations: ExtensionDurations,
): IsoDate | null {
  // A bilan held outside the plan (answering none due) decides nothing about the length.
  const moves = answered === "bilan_10" || answered === "bilan_fin" || answered === "glissement_12";
  const end = moves ? addMonths(plannedEnd, durations.extensionMonths) : plannedEnd;
  return end > addMonths(entry, durations.maxDurationMonths) ? null : end;
}

/**
 * What is due after an extension, from the day after the bilan to the new end: follow-ups, a
 * bilan two months before the end (the landlord tells the préfet then whether it offers a lease:
 * the gap between the second bilan and the slide decision), and the slide decision at the end.
 */
export function planAfterExtension(from: IsoDate, newEnd: IsoDate, durations: MesureDurations): PlannedEcheance[] {
  const preEndBilan = addMonths(newEnd, -(durations.slideDecisionMonths - durations.secondBilanMonths));
  const planned: PlannedEcheance[] = [{ kind: "glissement_12", dueDate: newEnd }];
  if (preEndBilan > from) planned.push({ kind: "bilan_fin", dueDate: preEndBilan });
  if (durations.followUpMonths > 0) {
    for (
      let due = addMonths(from, durations.followUpMonths);
      due < newEnd;
      due = addMonths(due, durations.followUpMonths)
    ) {
      if (due !== preEndBilan) planned.push({ kind: "suivi", dueDate: due });
    }
  }
  return planned.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

export type BilanConditionAnswer = (typeof BILAN_CONDITIONS)[number];

/**
 * The lease slides when rent is paid regularly and the situation is stable (the seeds). A "non"
 * to either refuses the glissement; "partiellement" is left to the partners' judgement.
 */
export function glissementProblem(
  rentPaid: BilanConditionAnswer,
  situationStable: BilanConditionAnswer,
): "glissement_conditions_unmet" | null {
  return rentPaid === "non" || situationStable === "non" ? "glissement_conditions_unmet" : null;
}

/** The day a lease slides: on or after the bilan that decides it, and not months ahead. */
export function glissementDateProblem(
  effective: IsoDate,
  heldOn: IsoDate,
  today: IsoDate,
): "effect_before_bilan" | "glissement_too_far" | null {
  if (effective < heldOn) return "effect_before_bilan";
  if (daysBetween(today, effective) > MAX_GLISSEMENT_AHEAD_DAYS) return "glissement_too_far";
  return null;
}
