import { addMonths, type IsoDate } from "./calendar.ts";
import { onWorkingDay, type HolidayRegion } from "./holidays.ts";

export interface MesureDurations {
  firstBilanMonths: number;
  secondBilanMonths: number;
  slideDecisionMonths: number;
  followUpMonths: number;
}

import type { EcheanceKind } from "./vocabulary.ts";

export type { EcheanceKind };

export interface PlannedEcheance {
  kind: EcheanceKind;
  dueDate: IsoDate;
}

/**
 * What a mesure owes from a start date: the two bilans, the slide decision, and follow-up reviews
 * every `followUpMonths` in between (a review falling on a bilan's month is that bilan).
 */
export function planEcheances(start: IsoDate, durations: MesureDurations): PlannedEcheance[] {
  const planned: PlannedEcheance[] = [
    { kind: "bilan_6", dueDate: addMonths(start, durations.firstBilanMonths) },
    { kind: "bilan_10", dueDate: addMonths(start, durations.secondBilanMonths) },
    { kind: "glissement_12", dueDate: addMonths(start, durations.slideDecisionMonths) },
  ];
  const milestones = new Set([durations.firstBilanMonths, durations.secondBilanMonths, durations.slideDecisionMonths]);
  if (durations.followUpMonths > 0) {
    for (
      let month = durations.followUpMonths;
      month < durations.slideDecisionMonths;
      month += durations.followUpMonths
    ) {
      if (!milestones.has(month)) planned.push({ kind: "suivi", dueDate: addMonths(start, month) });
    }
  }
  return planned.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

export function plannedEnd(start: IsoDate, durations: MesureDurations): IsoDate {
  return addMonths(start, durations.slideDecisionMonths);
}

/** No échéance on a weekend or a public holiday: each moves to the next working day. */
export function onWorkingDays(plan: readonly PlannedEcheance[], region: HolidayRegion): PlannedEcheance[] {
  return plan.map((e) => ({ ...e, dueDate: onWorkingDay(e.dueDate, region) }));
}
