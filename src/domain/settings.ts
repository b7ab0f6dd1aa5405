import { z } from "zod";

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
} as const satisfies Record<string, readonly [keyof TerritorySettings, string]>;
export type SettingKey = keyof typeof SETTING_KEYS;

/**
 * Returns the settings with one value changed, or null when the value does not fit that setting
 * (the schema's bounds say what fits).
 */
export function withSetting(current: TerritorySettings, key: SettingKey, typed: string): TerritorySettings | null {
  const [section, field] = SETTING_KEYS[key];
  const normalized = typed.trim().toLowerCase().replace(",", ".");
  const value: unknown = ["oui", "yes", "true"].includes(normalized) ? true : ["non", "no", "false"].includes(normalized) ? false : Number(normalized);
  const next = { ...current, [section]: { ...current[section], [field]: value } };
  const parsed = TerritorySettings.safeParse(next);
  return parsed.success ? parsed.data : null;
}
