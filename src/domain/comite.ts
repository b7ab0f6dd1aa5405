import { addDays, type IsoDate } from "./calendar.ts";

export type Urgency = "normale" | "haute" | "immediate";
const URGENCY_RANK: Record<Urgency, number> = { immediate: 0, haute: 1, normale: 2 };

/** Categories that reveal health or violence: never named in a channel message. */
export const SENSITIVE_CATEGORIES: readonly string[] = ["sante", "violences"];

export interface AgendaSituation {
  reference: string;
  urgency: Urgency;
  createdOn: IsoDate;
  createdAt: Date;
}

/** The last day a situation can be added and still be on a meeting's agenda is the day before the freeze. */
export function freezeDate(meetingDate: IsoDate, freezeDays: number): IsoDate {
  return addDays(meetingDate, -freezeDays);
}

/** Most urgent first, then oldest first. */
export function agendaOrder<T extends AgendaSituation>(a: T, b: T): number {
  return URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.createdAt.getTime() - b.createdAt.getTime();
}

/** Splits open situations between the meeting's agenda and the following meeting's. */
export function splitAgenda<T extends AgendaSituation>(
  situations: readonly T[],
  meetingDate: IsoDate,
  freezeDays: number,
): { agenda: T[]; later: T[] } {
  const frozen = freezeDate(meetingDate, freezeDays);
  const sorted = [...situations].sort(agendaOrder);
  return { agenda: sorted.filter((s) => s.createdOn < frozen), later: sorted.filter((s) => s.createdOn >= frozen) };
}

export type Waiting = "examen" | "actions" | "cloture";

/** What a situation waits for: a first look, its actions being done, or being closed. */
export function waitingFor(decisions: number, openActions: number): Waiting {
  if (openActions > 0) return "actions";
  return decisions === 0 ? "examen" : "cloture";
}
