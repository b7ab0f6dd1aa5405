import { isValidIsoDate } from "./calendar.ts";
import type { ReminderKind } from "./reminders.ts";

/** What a reminder's subject names: the record a snooze must find before it is stored. */
export type ReminderTarget =
  | { entity: "mesure"; reference: string }
  | { entity: "candidature"; reference: string }
  | { entity: "meeting"; date: string }
  | { entity: "action"; number: number }
  | { entity: "advance"; reference: string }
  | { entity: "claim"; reference: string };

const ECHEANCE_SUBJECT = /^([A-Z]+-\d{4}-\d{3,})\.(B6|B10|G12|S|BF)\.(\d{4})(\d{2})(\d{2})$/;
const REFERENCE = /^[A-Z]+-\d{4}-\d{3,}$/;

/**
 * Reads a reminder subject as the planner writes it (`IML-2026-001.b6.20260901`, `C-2026-004`,
 * `comite@2026-12-10`, `A-3`...) for its kind; null when it cannot be one. A typed subject is
 * an identifier, never free text.
 */
export function reminderTarget(kind: ReminderKind, typed: string): ReminderTarget | null {
  const subject = typed.trim().toUpperCase();
  switch (kind) {
    case "bilan_soon":
    case "bilan_overdue":
    case "suivi_due":
    case "suivi_overdue": {
      const match = ECHEANCE_SUBJECT.exec(subject);
      if (!match) return null;
      const [, reference = "", short, y, m, d] = match;
      if ((short === "S") !== kind.startsWith("suivi") || !isValidIsoDate(`${y}-${m}-${d}`)) return null;
      return { entity: "mesure", reference };
    }
    case "candidature_waiting":
      return REFERENCE.test(subject) && subject.startsWith("C-") ? { entity: "candidature", reference: subject } : null;
    case "comite_agenda": {
      const date = /^COMITE@(\d{4}-\d{2}-\d{2})$/.exec(subject)?.[1];
      return date && isValidIsoDate(date) ? { entity: "meeting", date } : null;
    }
    case "action_overdue": {
      const number = /^A-(\d{1,9})$/.exec(subject)?.[1];
      return number ? { entity: "action", number: Number(number) } : null;
    }
    case "advance_overdue":
      return REFERENCE.test(subject) ? { entity: "advance", reference: subject } : null;
    case "claim_incomplete":
      return REFERENCE.test(subject) ? { entity: "claim", reference: subject } : null;
  }
}

/** The subject as the planner writes it, so a snooze typed in any case matches its reminder. */
export function canonicalSubject(kind: ReminderKind, typed: string): string {
  const subject = typed.trim();
  if (kind === "comite_agenda") return subject.toLowerCase();
  const [reference = "", short, date] = subject.split(".");
  return short === undefined
    ? subject.toUpperCase()
    : `${reference.toUpperCase()}.${short.toLowerCase()}.${date ?? ""}`;
}
