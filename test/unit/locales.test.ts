import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { I18n, LOCALES, loadResources } from "../../src/core/i18n.ts";
import { Registry } from "../../src/core/registry.ts";
import { ROLES } from "../../src/core/roles.ts";
import { PERSONAL_DATA_KINDS } from "../../src/domain/personal-data.ts";
import * as v from "../../src/domain/vocabulary.ts";

function flatten(value: unknown, prefix: string, out: Set<string>): Set<string> {
  if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else out.add(prefix);
  return out;
}

function keysOf(locale: (typeof LOCALES)[number]): Set<string> {
  const keys = new Set<string>();
  for (const [ns, tree] of Object.entries(loadResources(locale)))
    for (const key of flatten(tree, "", new Set())) keys.add(`${ns}:${key}`);
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated") return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

const i18n = I18n.create();
const fr = keysOf("fr");
const en = keysOf("en");

describe("translations", () => {
  it("have the same keys in French and English", () => {
    expect([...fr].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !fr.has(k))).toEqual([]);
  });

  it("cover every key written literally in the code", () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles("src"), ...sourceFiles("commands")]) {
      for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-z]+:[\w.-]+)"/g)) used.add(match[1] ?? "");
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => !LOCALES.every((locale) => i18n.has(locale, key)));
    expect(missing).toEqual([]);
  });

  it("describe every command and every option in both languages", () => {
    const registry = new Registry(commands);
    const needed: string[] = [];
    for (const module of registry.modules)
      needed.push(`commands:${module.name}.description`, `commands:${module.name}.name`);
    for (const entry of registry.entries) {
      needed.push(`commands:${entry.key}.description`, `commands:${entry.key}.name`);
      for (const spec of registry.optionSpecs(entry)) needed.push(`commands:${entry.key}.options.${spec.name}`);
    }
    const missing = needed.filter((key) => !LOCALES.every((locale) => i18n.has(locale, key)));
    expect(missing).toEqual([]);
  });

  it("name every value of every vocabulary", () => {
    const vocabularies: [string, readonly string[]][] = [
      ["role", ROLES],
      ["purpose", v.CHANNEL_PURPOSES],
      ["candidature_status", v.CANDIDATURE_STATUSES],
      ["public", v.PUBLICS],
      ["hebergement", v.HEBERGEMENTS],
      ["resources", v.RESOURCE_BRACKETS],
      ["parc", v.PARCS],
      ["end_reason", v.MESURE_END_REASONS],
      ["echeance", v.ECHEANCE_KINDS],
      ["bilan_outcome", [...v.BILAN_ISSUES, "poursuivre"]],
      ["situation_category", v.SITUATION_CATEGORIES],
      ["urgency", v.URGENCIES],
      ["situation_outcome", v.SITUATION_OUTCOMES],
      ["personal_data", PERSONAL_DATA_KINDS],
      ["claim_category", v.CLAIM_CATEGORIES],
      ["claim_status", v.CLAIM_STATUSES],
      ["advance_status", v.ADVANCE_STATUSES],
    ];
    const needed = vocabularies.flatMap(([group, values]) => values.map((value) => `common:${group}.${value}`));
    expect(needed.filter((key) => !LOCALES.every((locale) => i18n.has(locale, key)))).toEqual([]);
  });

  it("name every option and every choice in both languages, as forms and Discord show them", () => {
    const registry = new Registry(commands);
    const needed: string[] = [];
    for (const entry of registry.entries)
      for (const spec of registry.optionSpecs(entry)) {
        needed.push(`options:name.${spec.name}`);
        for (const value of spec.choices ?? []) if (!value.includes(".")) needed.push(`options:choice.${value}`);
      }
    expect(needed.filter((key) => !LOCALES.every((locale) => i18n.has(locale, key)))).toEqual([]);
  });

  it("actually detect a missing key", () => {
    expect(i18n.has("fr", "commands:aide.nope")).toBe(false);
    expect(i18n.has("en", "commands:aide.title")).toBe(true);
  });
});
