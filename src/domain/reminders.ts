import { addDays, daysBetween, type IsoDate } from "./calendar.ts";
import { isWorkingDay, type HolidayRegion } from "./holidays.ts";
import type { TerritorySettings } from "./settings.ts";
import type { ChannelPurpose, EcheanceKind } from "./vocabulary.ts";

export const REMINDER_KINDS = [
  "bilan_soon",
  "bilan_overdue",
  "suivi_due",
  "suivi_overdue",
  "candidature_waiting",
  "comite_agenda",
  "action_overdue",
  "advance_overdue",
  "claim_incomplete",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_PURPOSE: Record<ReminderKind, ChannelPurpose> = {
  bilan_soon: "ccas",
  bilan_overdue: "ccas",
  suivi_due: "ccas",
  suivi_overdue: "ccas",
  candidature_waiting: "siao",
  comite_agenda: "comite",
  action_overdue: "comite",
  advance_overdue: "finance",
  claim_incomplete: "finance",
};

/**
 * Who may snooze a reminder: a member of the purpose it is posted for (its roles bear the same
 * names: ccas, siao, comite, finance), or an admin. Nobody else quiets another team's reminders.
 */
export function maySnooze(kind: ReminderKind, roles: ReadonlySet<string>): boolean {
  return roles.has("admin") || roles.has(REMINDER_PURPOSE[kind]);
}

/** What is stored and due, as the planner needs it: only rows that can be due, read by index. */
export interface ReminderSnapshot {
  echeances: {
    id: string;
    kind: EcheanceKind;
    dueDate: IsoDate;
    mesureRef: string;
    householdRef: string;
    followerId: string | null;
  }[];
  candidatures: { reference: string; householdRef: string; submittedOn: IsoDate; submissionCount: number }[];
  meetings: { date: IsoDate; time: string | null }[];
  actions: { number: number; situationRef: string; ownerId: string; dueDate: IsoDate }[];
  advances: { reference: string; expectedPaymentDate: IsoDate; balanceCents: number }[];
  claims: { reference: string; incompleteSince: IsoDate }[];
  snoozes: { kind: string; subjectRef: string; until: IsoDate }[];
}

export interface Reminder {
  /** Kind, subject and due period: the same reminder always has the same key (the channel is added by the ledger). */
  key: string;
  kind: ReminderKind;
  purpose: ChannelPurpose;
  subjectRef: string;
  /** The date the item is (or was) due, for ordering and display. */
  dueDate: IsoDate;
  label: Record<string, string | number>;
  mentions: string[];
  open: { command: string; args: Record<string, string> };
}

/** The reminders' settings, with the territory's calendar of public holidays. */
export type ReminderSettings = TerritorySettings["reminders"] & { holidayRegion?: HolidayRegion };

const SHORT_KIND = { bilan_6: "b6", bilan_10: "b10", glissement_12: "g12", suivi: "s", bilan_fin: "bf" } as const;

// A run asks for the same few hundred spans again and again (every échéance due on one day, to
// today): each is counted once. Bounded, as a long-lived process sees new days.
const countedSpans = new Map<string, number>();
const COUNTED_SPANS_KEPT = 4096;

/** Working days (French public holidays excluded) from `from` (exclusive) to `to` (inclusive). */
export function workingDaysBetween(from: IsoDate, to: IsoDate, region: HolidayRegion = "metropole"): number {
  const span = `${region} ${from} ${to}`;
  const known = countedSpans.get(span);
  if (known !== undefined) return known;
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, region)) count++;
  if (countedSpans.size >= COUNTED_SPANS_KEPT) countedSpans.clear();
  countedSpans.set(span, count);
  return count;
}

/**
 * Everything due on `today`. Pure: the same state and day give the same reminders with the same
 * keys, so a second run, a second instance or a restart finds them already in the ledger.
 */
export function planReminders(snapshot: ReminderSnapshot, today: IsoDate, settings: ReminderSettings): Reminder[] {
  const region = settings.holidayRegion ?? "metropole";
  const working = isWorkingDay(today, region);
  // No reminder on a weekend or a public holiday: every kind is posted on the next working day
  // instead (leads and periods are keyed so that nothing is lost or doubled).
  if (settings.workingDaysOnly && !working) return [];
  const reminders: Reminder[] = [];
  const snoozed = new Map(snapshot.snoozes.map((s) => [`${s.kind}|${s.subjectRef}`, s.until]));
  const push = (
    kind: ReminderKind,
    subjectRef: string,
    period: string,
    dueDate: IsoDate,
    label: Reminder["label"],
    mentions: string[],
    open: Reminder["open"],
  ) => {
    const until = snoozed.get(`${kind}|${subjectRef}`);
    if (until && until > today) return;
    reminders.push({
      key: reminderKey(kind, subjectRef, period, until),
      kind,
      purpose: REMINDER_PURPOSE[kind],
      subjectRef,
      dueDate,
      label,
      mentions,
      open,
    });
  };
  const overduePeriod = (due: IsoDate) => overduePeriodOn(due, today, settings);

  for (const e of snapshot.echeances) {
    const due = echeanceReminderOn(e.kind, e.dueDate, today, settings);
    if (!due) continue;
    const daysLeft = daysBetween(today, e.dueDate);
    const label = { mesure: e.mesureRef, household: e.householdRef, echeance: e.kind };
    push(
      due.kind,
      echeanceSubject(e.mesureRef, e.kind, e.dueDate),
      due.period,
      e.dueDate,
      e.kind === "suivi" ? label : { ...label, days: Math.abs(daysLeft) },
      e.followerId ? [e.followerId] : [],
      { command: "mesure.voir", args: { ref: e.mesureRef } },
    );
  }

  for (const c of snapshot.candidatures) {
    const waiting = daysBetween(c.submittedOn, today);
    if (waiting < settings.candidatureWaitDays) continue;
    const week = Math.floor((waiting - settings.candidatureWaitDays) / 7);
    push(
      "candidature_waiting",
      c.reference,
      `s${c.submissionCount}-w${week}`,
      c.submittedOn,
      { candidature: c.reference, household: c.householdRef, days: waiting },
      [],
      { command: "candidature.voir", args: { ref: c.reference } },
    );
  }

  for (const m of snapshot.meetings) {
    const before = daysBetween(today, m.date);
    if (before >= 0 && before <= settings.agendaDaysBefore)
      push("comite_agenda", `comite@${m.date}`, "agenda", m.date, { date: m.date, time: m.time ?? "" }, [], {
        command: "comite.ordre-du-jour",
        args: {},
      });
  }

  for (const a of snapshot.actions) {
    const period = overduePeriod(a.dueDate);
    if (period)
      push(
        "action_overdue",
        `A-${a.number}`,
        period,
        a.dueDate,
        { action: a.number, situation: a.situationRef, days: daysBetween(a.dueDate, today) },
        [a.ownerId],
        { command: "situation.voir", args: { ref: a.situationRef } },
      );
  }

  for (const a of snapshot.advances) {
    const period = overduePeriod(a.expectedPaymentDate);
    if (period)
      push(
        "advance_overdue",
        a.reference,
        period,
        a.expectedPaymentDate,
        { advance: a.reference, balanceCents: a.balanceCents, days: daysBetween(a.expectedPaymentDate, today) },
        [],
        { command: "avance.voir", args: { ref: a.reference } },
      );
  }

  for (const c of snapshot.claims) {
    const waiting = daysBetween(c.incompleteSince, today);
    if (waiting < settings.claimIncompleteDays) continue;
    const week = Math.floor((waiting - settings.claimIncompleteDays) / 7);
    push(
      "claim_incomplete",
      c.reference,
      `since-${c.incompleteSince}-w${week}`,
      c.incompleteSince,
      { claim: c.reference, days: waiting },
      [],
      { command: "securisation.voir", args: { ref: c.reference } },
    );
  }

  return reminders.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key));
}

/** A reminder's ledger key: kind, subject and period; after a snooze it is a new reminder (posted even if its period was seen before). */
function reminderKey(kind: ReminderKind, subjectRef: string, period: string, snoozedUntil?: IsoDate): string {
  return `${kind}:${subjectRef}:${period}${snoozedUntil ? `:after-${snoozedUntil}` : ""}`;
}

/** An échéance's subject: compact, so a snooze button's id stays within Discord's 100 characters. */
function echeanceSubject(mesureRef: string, kind: EcheanceKind, dueDate: IsoDate): string {
  return `${mesureRef}.${SHORT_KIND[kind]}.${dueDate.replace(/-/g, "")}`;
}

/** The period of an overdue item on `today` (it comes back every `overdueEveryDays`), or null when not posted today. */
function overduePeriodOn(due: IsoDate, today: IsoDate, settings: ReminderSettings): string | null {
  const region = settings.holidayRegion ?? "metropole";
  if (settings.workingDaysOnly && !isWorkingDay(today, region)) return null;
  const elapsed = settings.workingDaysOnly ? workingDaysBetween(due, today, region) : daysBetween(due, today);
  if (elapsed < 1) return null;
  return `late-${Math.floor((elapsed - 1) / settings.overdueEveryDays)}`;
}

/** The reminder an échéance gives on `today` (its kind and the period of its key), or null when none is due. */
export function echeanceReminderOn(
  kind: EcheanceKind,
  dueDate: IsoDate,
  today: IsoDate,
  settings: ReminderSettings,
): { kind: ReminderKind; period: string } | null {
  const region = settings.holidayRegion ?? "metropole";
  const working = isWorkingDay(today, region);
  if (settings.workingDaysOnly && !working) return null;
  const daysLeft = daysBetween(today, dueDate);
  if (kind === "suivi") {
    if (daysLeft >= 0 && daysLeft <= settings.suiviLeadDays) return { kind: "suivi_due", period: "due" };
    return daysLeft < 0 ? { kind: "suivi_overdue", period: "late" } : null;
  }
  if (daysLeft >= 0) {
    // The tightest lead already reached: a reminder skipped while down is not posted twice later.
    const lead = [...settings.bilanLeadDays].sort((a, b) => a - b).find((l) => daysLeft <= l);
    return lead === undefined ? null : { kind: "bilan_soon", period: `lead-${lead}` };
  }
  const period = overduePeriodOn(dueDate, today, settings);
  return period ? { kind: "bilan_overdue", period } : null;
}

/**
 * What an échéance of each kind due on each day of [from, until] gives on `today`, as the pieces
 * of its ledger key around the mesure's reference (key = keyHead + reference + keyTail, subject =
 * reference + subjectTail); kind null when nothing is due. A read uses it to skip, inside the
 * database, the échéances whose reminder of the day is already in the ledger.
 */
export function echeanceKeyTemplates(
  today: IsoDate,
  settings: ReminderSettings,
  from: IsoDate,
  until: IsoDate,
): EcheanceKeyTemplate[] {
  const templates: EcheanceKeyTemplate[] = [];
  const mark = "\u0000";
  for (let day = from; day <= until; day = addDays(day, 1)) {
    // Every kind but the suivi is a bilan to the planner: one computation each per day.
    const bilan = echeanceReminderOn("bilan_6", day, today, settings);
    const suivi = echeanceReminderOn("suivi", day, today, settings);
    for (const echeanceKind of Object.keys(SHORT_KIND) as EcheanceKind[]) {
      const due = echeanceKind === "suivi" ? suivi : bilan;
      const subjectTail = echeanceSubject("", echeanceKind, day);
      const [keyHead = "", keyTail = ""] = due ? reminderKey(due.kind, mark + subjectTail, due.period).split(mark) : [];
      templates.push({
        echeanceKind,
        dueDate: day,
        kind: due?.kind ?? null,
        purpose: due ? REMINDER_PURPOSE[due.kind] : null,
        subjectTail,
        keyHead,
        keyTail,
      });
    }
  }
  return templates;
}

export interface EcheanceKeyTemplate {
  echeanceKind: EcheanceKind;
  dueDate: IsoDate;
  kind: ReminderKind | null;
  purpose: ChannelPurpose | null;
  subjectTail: string;
  keyHead: string;
  keyTail: string;
}

/** How far ahead the planner must read échéances. */
export function horizonDays(settings: ReminderSettings): number {
  return Math.max(...settings.bilanLeadDays, settings.suiviLeadDays);
}
