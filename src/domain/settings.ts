import { z } from "zod";
import { parseCron } from "./cron.ts";
import type { HolidayRegion } from "./holidays.ts";

/** The longest lead a reminder may have, in days (an échéance due further off gives none). */
export const LONGEST_LEAD_DAYS = 90;

/**
 * A territory's settings, stored as JSON on the territory and always read through this schema:
 * anything missing takes the default from the seeds, anything invalid is ignored (and the
 * default used) rather than breaking a command.
 */
export const TerritorySettings = z.object({
  comite: z.object({ agendaFreezeDays: z.number().int().min(0).max(14).default(1) }).prefault({}),
  securisation: z
    .object({
      /** Vacancy is covered beyond this many months... */
      vacancyGraceMonths: z.number().min(0).max(6).default(1),
      /** ...for at most this many months in all (3.5 in the regional scheme). */
      vacancyMaxMonths: z.number().min(0.5).max(24).default(3.5),
      /** Whether the first month of vacancy is excluded from the amount (the sources do not settle it). */
      excludeFirstVacancyMonth: z.boolean().default(true),
      impayesMaxMonths: z.number().int().min(1).max(24).default(3),
    })
    .prefault({}),
  reminders: z
    .object({
      /** When reminders are posted, in the territory's time zone: 08:00 on working days. */
      cron: z
        .string()
        .refine((v) => parseCron(v) !== null)
        .default("0 8 * * 1-5"),
      bilanLeadDays: z.array(z.number().int().min(1).max(LONGEST_LEAD_DAYS)).min(1).max(4).default([14, 2]),
      suiviLeadDays: z.number().int().min(0).max(30).default(7),
      candidatureWaitDays: z.number().int().min(1).max(60).default(7),
      agendaDaysBefore: z.number().int().min(0).max(7).default(1),
      claimIncompleteDays: z.number().int().min(1).max(90).default(14),
      /** Overdue items come back every this many working days until recorded. */
      overdueEveryDays: z.number().int().min(1).max(30).default(1),
      catchUpDays: z.number().int().min(0).max(14).default(3),
      workingDaysOnly: z.boolean().default(true),
    })
    .prefault({}),
  calendar: z
    .object({
      /** Alsace-Moselle keeps Good Friday and 26 December as public holidays (local law). */
      alsaceMoselle: z.boolean().default(false),
    })
    .prefault({}),
  rgpd: z
    .object({
      /** CNIL social-sector guidance: 2 years after the last contact. */
      retentionYears: z.number().int().min(1).max(10).default(2),
      /** Access logs are kept 6 to 12 months. */
      auditRetentionMonths: z.number().int().min(6).max(12).default(12),
    })
    .prefault({}),
  reports: z
    .object({
      /** The structure that runs the scheme ("CCAS de Concarneau"), on every report's first lines. */
      structure: z.string().max(120).default(""),
    })
    .prefault({}),
});
export type TerritorySettings = z.infer<typeof TerritorySettings>;

export function readSettings(stored: unknown): TerritorySettings {
  const parsed = TerritorySettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : TerritorySettings.parse({});
}

/** Settings an admin may change from the chat, by the name they type, with where each lives. */
export const SETTING_KEYS = {
  "comite.gel_jours": ["comite", "agendaFreezeDays"],
  "securisation.vacance_franchise_mois": ["securisation", "vacancyGraceMonths"],
  "securisation.vacance_max_mois": ["securisation", "vacancyMaxMonths"],
  "securisation.exclure_premier_mois": ["securisation", "excludeFirstVacancyMonth"],
  "securisation.impayes_max_mois": ["securisation", "impayesMaxMonths"],
  "rappels.cron": ["reminders", "cron"],
  "rappels.bilan_jours": ["reminders", "bilanLeadDays"],
  "rappels.suivi_jours": ["reminders", "suiviLeadDays"],
  "rappels.candidature_jours": ["reminders", "candidatureWaitDays"],
  "rappels.comite_jours_avant": ["reminders", "agendaDaysBefore"],
  "rappels.incomplete_jours": ["reminders", "claimIncompleteDays"],
  "rappels.retard_tous_les": ["reminders", "overdueEveryDays"],
  "rappels.rattrapage_jours": ["reminders", "catchUpDays"],
  "rappels.jours_ouvres": ["reminders", "workingDaysOnly"],
  "calendrier.alsace_moselle": ["calendar", "alsaceMoselle"],
  "rgpd.conservation_ans": ["rgpd", "retentionYears"],
  "rgpd.journal_mois": ["rgpd", "auditRetentionMonths"],
  "rapport.structure": ["reports", "structure"],
} as const satisfies Record<string, readonly [keyof TerritorySettings, string]>;
export type SettingKey = keyof typeof SETTING_KEYS;

/**
 * Returns the settings with one value changed, or null when the value does not fit that setting
 * (the schema's bounds say what fits).
 */
export function withSetting(current: TerritorySettings, key: SettingKey, typed: string): TerritorySettings | null {
  const [section, field] = SETTING_KEYS[key];
  const currentValue: unknown = (current[section] as Record<string, unknown>)[field];
  const normalized = typed.trim().toLowerCase();
  let value: unknown;
  if (typeof currentValue === "string") value = typed.trim();
  else if (Array.isArray(currentValue))
    value = normalized
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number);
  else if (typeof currentValue === "boolean")
    value = ["oui", "yes", "true"].includes(normalized)
      ? true
      : ["non", "no", "false"].includes(normalized)
        ? false
        : normalized;
  else value = normalized === "" ? NaN : Number(normalized.replace(",", "."));
  const next = { ...current, [section]: { ...current[section], [field]: value } };
  const parsed = TerritorySettings.safeParse(next);
  return parsed.success ? parsed.data : null;
}

/** The territory's calendar of public holidays. */
export function holidayRegion(settings: TerritorySettings): HolidayRegion {
  return settings.calendar.alsaceMoselle ? "alsace_moselle" : "metropole";
}

/** What the reminders' planner needs of a territory's settings. */
export function reminderSettings(settings: TerritorySettings): TerritorySettings["reminders"] & {
  holidayRegion: HolidayRegion;
} {
  return { ...settings.reminders, holidayRegion: holidayRegion(settings) };
}
