import { isGroup, type CommandEntry } from "../../core/command.ts";
import type { I18n } from "../../core/i18n.ts";
import { choiceLabel, commandName, optionLabel } from "../../core/option-labels.ts";
import type { OptionSpec } from "../../core/options.ts";
import type { Registry } from "../../core/registry.ts";
import { truncate } from "../../core/text-limits.ts";
import {
  DISCORD_MAX_CHOICE_NAME,
  DISCORD_MAX_CHOICES,
  DISCORD_MAX_COMMAND_DESCRIPTION,
  DISCORD_MAX_MODAL_INPUTS,
} from "./limits.ts";

/** Discord application command option types. */
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const SUB_COMMAND = 1;

export interface CommandOptionJson {
  type: number;
  name: string;
  name_localizations?: Record<string, string>;
  description: string;
  description_localizations?: Record<string, string>;
  required?: boolean;
  choices?: { name: string; name_localizations: Record<string, string>; value: string }[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  autocomplete?: boolean;
  options?: CommandOptionJson[];
}

export interface ApplicationCommandJson {
  name: string;
  name_localizations: Record<string, string>;
  type: 1;
  description: string;
  description_localizations: Record<string, string>;
  contexts: number[];
  options: CommandOptionJson[];
}

/**
 * Long free texts of a form command are asked in a modal, not as slash options (they would be
 * typed on one line). At most five: a Discord modal holds five inputs.
 */
export function modalOptions(entry: CommandEntry, specs: readonly OptionSpec[]): OptionSpec[] {
  return entry.definition.form ? specs.filter((s) => s.long).slice(0, DISCORD_MAX_MODAL_INPUTS) : [];
}

function describe(i18n: I18n, key: string): { description: string; description_localizations: Record<string, string> } {
  const fr = truncate(i18n.translator("fr")(key), DISCORD_MAX_COMMAND_DESCRIPTION);
  const en = truncate(i18n.translator("en")(key), DISCORD_MAX_COMMAND_DESCRIPTION);
  return { description: fr, description_localizations: { "en-US": en, "en-GB": en, fr } };
}

/** The English name under which English-speaking members see a command; Discord sends back the French one. */
function names(i18n: I18n, key: string): { name_localizations: Record<string, string> } {
  const en = i18n.translator("en")(`${key}.name`);
  return { name_localizations: english(en) };
}

/** English variants of a label, for English-speaking members' clients. */
function english(value: string): Record<string, string> {
  return { "en-US": value, "en-GB": value };
}

function optionJson(entry: CommandEntry, spec: OptionSpec, i18n: I18n): CommandOptionJson {
  const en = i18n.translator("en");
  const fr = i18n.translator("fr");
  const base = {
    name: spec.name,
    name_localizations: english(commandName(optionLabel(en, spec.name))),
    ...describe(i18n, `commands:${entry.key}.options.${spec.name}`),
    required: spec.required,
  };
  switch (spec.kind) {
    case "integer":
      return {
        ...base,
        type: INTEGER,
        ...(spec.min !== undefined ? { min_value: spec.min } : {}),
        ...(spec.max !== undefined ? { max_value: spec.max } : {}),
      };
    case "boolean":
      return { ...base, type: BOOLEAN };
    case "choice": {
      const choices = spec.choices ?? [];
      return choices.length <= DISCORD_MAX_CHOICES
        ? {
            ...base,
            type: STRING,
            choices: choices.map((value) => ({
              name: truncate(choiceLabel(fr, value), DISCORD_MAX_CHOICE_NAME),
              name_localizations: english(truncate(choiceLabel(en, value), DISCORD_MAX_CHOICE_NAME)),
              value,
            })),
          }
        : { ...base, type: STRING };
    }
    case "ref":
      return { ...base, type: STRING, autocomplete: true, ...(spec.max !== undefined ? { max_length: spec.max } : {}) };
    case "date":
      return { ...base, type: STRING, min_length: 8, max_length: 10 };
    case "money":
      return { ...base, type: STRING, max_length: 20 };
    default:
      return {
        ...base,
        type: STRING,
        ...(spec.min !== undefined ? { min_length: spec.min } : {}),
        ...(spec.max !== undefined ? { max_length: spec.max } : {}),
      };
  }
}

function optionsOf(entry: CommandEntry, registry: Registry, i18n: I18n): CommandOptionJson[] {
  const specs = registry.optionSpecs(entry);
  const inModal = new Set(modalOptions(entry, specs).map((s) => s.name));
  // Discord wants required options before optional ones; values come back by name anyway.
  return specs
    .filter((s) => !inModal.has(s.name))
    .sort((a, b) => Number(b.required) - Number(a.required))
    .map((spec) => optionJson(entry, spec, i18n));
}

/** The slash commands to publish, generated from the registry, French first with English names and descriptions. */
export function applicationCommands(registry: Registry, i18n: I18n): ApplicationCommandJson[] {
  return registry.modules.map((module) => {
    const top = {
      name: module.name,
      ...names(i18n, `commands:${module.name}`),
      type: 1 as const,
      ...describe(i18n, `commands:${module.name}.description`),
      contexts: [0],
    };
    if (!isGroup(module)) return { ...top, options: optionsOf(registry.entryOf(module.name), registry, i18n) };
    return {
      ...top,
      options: module.subcommands.map((sub) => {
        const entry = registry.entryOf(`${module.name}.${sub.name}`);
        return {
          type: SUB_COMMAND,
          name: sub.name,
          ...names(i18n, `commands:${entry.key}`),
          ...describe(i18n, `commands:${entry.key}.description`),
          options: optionsOf(entry, registry, i18n),
        };
      }),
    };
  });
}

/** Only what we publish, in a stable form: Discord adds ids, versions and defaults of its own. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value !== "object" || value === null) return value;
  const source = value as Record<string, unknown>;
  const keep = [
    "name",
    "name_localizations",
    "type",
    "description",
    "description_localizations",
    "required",
    "choices",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "autocomplete",
    "options",
    "value",
  ];
  const out: Record<string, unknown> = {};
  for (const key of keep) {
    const v = source[key];
    if (
      v === undefined ||
      v === null ||
      (key === "required" && v === false) ||
      (key === "autocomplete" && v === false) ||
      (key === "options" && Array.isArray(v) && v.length === 0)
    )
      continue;
    out[key] =
      (key === "description_localizations" || key === "name_localizations") && typeof v === "object" && v !== null
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : comparable(v);
  }
  return out;
}

export interface RegistrationPlan {
  added: string[];
  changed: string[];
  removed: string[];
}

/** What publishing `wanted` over `existing` would change; empty lists mean nothing to do. */
export function planRegistration(
  wanted: readonly ApplicationCommandJson[],
  existing: readonly unknown[],
): RegistrationPlan {
  const current = new Map<string, string>();
  for (const item of existing) {
    if (typeof item === "object" && item !== null && "name" in item)
      current.set(String(item.name), JSON.stringify(comparable(item)));
  }
  const plan: RegistrationPlan = { added: [], changed: [], removed: [] };
  for (const command of wanted) {
    const now = current.get(command.name);
    if (now === undefined) plan.added.push(command.name);
    else if (now !== JSON.stringify(comparable(command))) plan.changed.push(command.name);
    current.delete(command.name);
  }
  plan.removed.push(...current.keys());
  return plan;
}

/** The REST calls registration needs (discord.js's REST client fits). */
export interface CommandsApi {
  get(route: `/${string}`, options: { query: URLSearchParams }): Promise<unknown>;
  put(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

/** Publishes the registry's commands to one server or globally, only when something changed. */
export async function publishCommands(
  api: CommandsApi,
  applicationId: string,
  guildId: string | undefined,
  wanted: readonly ApplicationCommandJson[],
): Promise<RegistrationPlan> {
  const route: `/${string}` = guildId
    ? `/applications/${applicationId}/guilds/${guildId}/commands`
    : `/applications/${applicationId}/commands`;
  // Without with_localizations Discord leaves out the localized names and descriptions, and every
  // comparison would find a change.
  const existing = await api.get(route, { query: new URLSearchParams({ with_localizations: "true" }) });
  const plan = planRegistration(wanted, Array.isArray(existing) ? existing : []);
  if (plan.added.length + plan.changed.length + plan.removed.length > 0) await api.put(route, { body: wanted });
  return plan;
}
