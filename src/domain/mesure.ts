import { addMonths, daysBetween, type IsoDate } from "./calendar.ts";
import type { MesureDurations, PlannedEcheance } from "./schedule.ts";

/** A move-in date further ahead than this is a typing mistake, not a plan. */
export const MAX_ENTRY_AHEAD_DAYS = 183;

export function entryDateProblem(
  entry: IsoDate,
  today: IsoDate,
  submittedOn: IsoDate,
): "entry_too_far" | "entry_before_candidature" | null {
  if (daysBetween(today, entry) > MAX_ENTRY_AHEAD_DAYS) return "entry_too_far";
  if (entry < submittedOn) return "entry_before_candidature";
  return null;
}

export interface ExtensionDurations extends MesureDurations {
  extensionMonths: number;
  maxDurationMonths: number;
}

/**
 * "Prolonger" at a bilan: the mesure runs at least `extensionMonths` past the bilan's due date
 * (at the 6-month bilan that is the planned 12 months; at the 12-month decision, 6 more).
 * Returns the new end, or null when it would pass the scheme's maximum duration.
 */
export function extendedEnd(
  entry: IsoDate,
  plannedEnd: IsoDate,
  bilanDue: IsoDate,
  durations: ExtensionDurations,
): IsoDate | null {
  const candidate = addMonths(bilanDue, durations.extensionMonths);
  const end = candidate > plannedEnd ? candidate : plannedEnd;
  return end > addMonths(entry, durations.maxDurationMonths) ? null : end;
}

/**
 * What is due after an extension, from the day after the bilan to the new end: follow-ups, a
 * bilan two months before the end (the landlord tells the préfet then whether it offers a lease),
 * and the slide decision at the end.
 */
export function planAfterExtension(from: IsoDate, newEnd: IsoDate, durations: MesureDurations): PlannedEcheance[] {
  const noticeBilan = addMonths(newEnd, -(durations.slideDecisionMonths - durations.secondBilanMonths));
  const planned: PlannedEcheance[] = [{ kind: "glissement_12", dueDate: newEnd }];
  if (noticeBilan > from) planned.push({ kind: "bilan_10", dueDate: noticeBilan });
  if (durations.followUpMonths > 0) {
    for (
      let due = addMonths(from, durations.followUpMonths);
      due < newEnd;
      due = addMonths(due, durations.followUpMonths)
    ) {
      if (due !== noticeBilan) planned.push({ kind: "suivi", dueDate: due });
    }
  }
  return planned.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}
