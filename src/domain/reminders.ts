import { addDays, daysBetween, type IsoDate } from "./calendar.ts";
import { isWorkingDay, workingDaysIn, type HolidayRegion } from "./holidays.ts";
import { LONGEST_LEAD_DAYS, type TerritorySettings } from "./settings.ts";
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

/** The reminders an échéance gives. */
const ECHEANCE_REMINDERS: ReadonlySet<ReminderKind> = new Set([
  "bilan_soon",
  "bilan_overdue",
  "suivi_due",
  "suivi_overdue",
]);

/** The mesure a reminder's subject names when the reminder is an échéance's (the inverse of `echeanceSubject`), or null. */
export function echeanceSubjectMesure(kind: ReminderKind, subjectRef: string): string | null {
  if (!ECHEANCE_REMINDERS.has(kind)) return null;
  const parts = subjectRef.split(".");
  return parts.length >= 3 && parts[0] !== "" ? parts.slice(0, -2).join(".") : null;
}

/** The period of an overdue item on `today` (it comes back every `overdueEveryDays`), or null when not posted today. */
function overduePeriodOn(due: IsoDate, today: IsoDate, settings: ReminderSettings): string | null {
  const region = settings.holidayRegion ?? "metropole";
  if (settings.workingDaysOnly && !isWorkingDay(today, region)) return null;
  const elapsed = settings.workingDaysOnly ? workingDaysIn(due, today, region) : daysBetween(due, today);
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

/** A day reminders are posted on: a working day, unless the territory posts every day. */
export function isPostingDay(day: IsoDate, settings: ReminderSettings): boolean {
  return !settings.workingDaysOnly || isWorkingDay(day, settings.holidayRegion ?? "metropole");
}

/** Due dates, from `from` to `to` inclusive, of the suivis or of the other échéances (bilans). */
export interface DueDateRange {
  suivi: boolean;
  from: IsoDate;
  to: IsoDate;
}

/** How far back due dates are told apart; older open échéances are all read (they are few). */
const CHANGES_LOOKBACK_DAYS = 400;

/**
 * The due dates whose échéances give, on `today`, a reminder other than the one they gave on
 * `since` (the last posting day a run settled them): a first reminder, a new lead, a new overdue
 * period. An échéance due on any other date gives nothing new: its reminder of `today` is the one
 * already in the ledger, or none. Without `since`, every due date that gives a reminder today.
 * A release that changes these rules (leads, periods, the holidays) must send every open échéance
 * back to the read (a migration setting `Echeance.recheck` to "!"): what was settled under the old
 * rules is not under the new ones.
 */
export function changedEcheanceDates(
  since: IsoDate | null,
  today: IsoDate,
  settings: ReminderSettings,
): DueDateRange[] {
  const ranges: DueDateRange[] = [];
  if (!isPostingDay(today, settings)) return ranges;
  const oldest = addDays(today, -CHANGES_LOOKBACK_DAYS);
  const until = addDays(today, horizonDays(settings));
  for (const suivi of [false, true]) {
    const kind: EcheanceKind = suivi ? "suivi" : "bilan_6";
    const gives = (due: IsoDate, day: IsoDate) => {
      const r = echeanceReminderOn(kind, due, day, settings);
      return r && `${r.kind}:${r.period}`;
    };
    let open: DueDateRange | null = { suivi, from: "0000-01-01", to: addDays(oldest, -1) };
    for (let due = oldest; due <= until; due = addDays(due, 1)) {
      const now = gives(due, today);
      const changed = now !== null && (since === null || now !== gives(due, since));
      if (changed && open) open.to = due;
      else if (changed) open = { suivi, from: due, to: due };
      else if (open) {
        ranges.push(open);
        open = null;
      }
    }
    if (open) ranges.push(open);
  }
  return ranges;
}

/**
 * The échéances a run settles on a posting day: those that give no reminder `today`, and those
 * whose reminder is in the ledger (`recorded`, by subject), unless a snooze of their subject is
 * still running (when it ends their reminder comes back under a new key, on no date of its own).
 * One left out (its channel unbound, its subject snoozed) is read again at every run until settled.
 */
export function settledEcheances(
  echeances: readonly { id: string; kind: EcheanceKind; dueDate: IsoDate; mesureRef: string }[],
  today: IsoDate,
  settings: ReminderSettings,
  recorded: (subjectRef: string) => boolean,
  snoozed: (subjectRef: string) => boolean,
): Set<string> {
  const settled = new Set<string>();
  if (!isPostingDay(today, settings)) return settled;
  for (const e of echeances) {
    const subject = echeanceSubject(e.mesureRef, e.kind, e.dueDate);
    if (snoozed(subject)) continue;
    if (echeanceReminderOn(e.kind, e.dueDate, today, settings) === null || recorded(subject)) settled.add(e.id);
  }
  return settled;
}

/**
 * Whether an échéance created at `at` starts settled. One already done or cancelled gives no
 * reminder, ever: it is settled for good, as one closed later is (MesureRepository). One due
 * further off than any lead the settings accept can reach (with a day each way for time zones)
 * gives no reminder on any day a run has settled, and its first one comes on a date
 * `changedEcheanceDates` names. Nearer ones are read by the next run. Not the territory's own
 * leads: settings changed while the échéance is created would not send it back (its row is not
 * there yet for the change to see).
 */
export function startsSettled(echeance: { dueDate: IsoDate; closed: boolean }, at: Date): boolean {
  return echeance.closed || echeance.dueDate > addDays(at.toISOString().slice(0, 10), LONGEST_LEAD_DAYS + 2);
}

/** How far ahead the planner must read échéances. */
export function horizonDays(settings: ReminderSettings): number {
  return Math.max(...settings.bilanLeadDays, settings.suiviLeadDays);
}
