import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type i18n } from "i18next";
import { projectRoot } from "./project-root.ts";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";

export type TranslationVars = Record<string, string | number>;
/** A translator bound to one locale. Keys are `namespace:path.to.key`. */
export type Translate = (key: string, vars?: TranslationVars) => string;

export const LOCALES_DIR = path.join(projectRoot(import.meta.url), "locales");

type Resources = Record<string, Record<string, unknown>>;

export function loadResources(locale: Locale, dir = LOCALES_DIR): Resources {
  const resources: Resources = {};
  for (const file of readdirSync(path.join(dir, locale))) {
    if (!file.endsWith(".json")) continue;
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir, locale, file), "utf8"));
    if (typeof parsed !== "object" || parsed === null) throw new Error(`${locale}/${file} is not a JSON object`);
    resources[file.replace(/\.json$/, "")] = parsed as Record<string, unknown>;
  }
  return resources;
}

export function toLocale(value: string | null | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!value) return fallback;
  const short = value.toLowerCase().slice(0, 2);
  return (LOCALES as readonly string[]).includes(short) ? (short as Locale) : fallback;
}

/**
 * A translation that only fills `{{name}}` placeholders, as literal texts between variable names
 * (`[text, name, text, …]`). Most of the bot's texts are such; i18next spends some twenty
 * microseconds on each (a morning's digests are tens of thousands of lines and labels), this a
 * few string joins. Anything else (nesting, formats, plurals, a missing variable) goes to i18next.
 */
type Template = readonly string[];

/**
 * A key's template, and whether its `count` is only a number to show: i18next looks for plural
 * or context forms (`key_one`, `key_zero`, `key_male`) before the key itself, so a count is plain
 * only where the key has no such sibling.
 */
interface Compiled {
  parts: Template;
  plainCount: boolean;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const SIMPLE_NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
/** Options i18next reads from the variables: a call that passes one is i18next's to answer. */
const I18NEXT_OPTIONS = new Set(["count", "context", "defaultValue", "lng", "lngs", "ns", "ordinal", "replace"]);

/** An i18next option among the variables, `count` aside where it is plain. */
function isOption(name: string, plainCount: boolean): boolean {
  return I18NEXT_OPTIONS.has(name) && !(plainCount && name === "count");
}

export function compileTemplate(text: string, plainCount = false): Template | null {
  if (text.includes("$t(")) return null;
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = SIMPLE_NAME.exec(match[1] ?? "")?.[1];
    if (!name || isOption(name, plainCount)) return null;
    parts.push(text.slice(last, match.index), name);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function fillTemplate(template: Template, vars: TranslationVars | undefined): string | null {
  let out = template[0] ?? "";
  for (let i = 1; i < template.length; i += 2) {
    const value = vars?.[template[i] as string];
    if (value === undefined) return null;
    out += String(value) + (template[i + 1] ?? "");
  }
  return out;
}

function passesOptions(vars: TranslationVars, plainCount: boolean): boolean {
  for (const name in vars) if (isOption(name, plainCount)) return true;
  return false;
}

/** Holds one i18next instance for the process (created by main, passed down; no global). */
export class I18n {
  /** Per locale, each key's template once looked up (null: i18next answers that key). */
  private readonly templates = new Map<Locale, Map<string, Compiled | null>>();

  private constructor(
    private readonly instance: i18n,
    private readonly resources: Record<string, Resources>,
  ) {}

  static create(): I18n {
    const instance = i18next.createInstance();
    const resources: Record<string, Resources> = {};
    for (const locale of LOCALES) resources[locale] = loadResources(locale);
    const namespaces = Object.keys(resources[DEFAULT_LOCALE] ?? {});
    void instance.init({
      initAsync: false,
      resources,
      lng: DEFAULT_LOCALE,
      fallbackLng: false,
      ns: namespaces,
      defaultNS: "common",
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return new I18n(instance, resources);
  }

  translator(locale: Locale): Translate {
    const templates = this.templates.get(locale) ?? new Map<string, Compiled | null>();
    this.templates.set(locale, templates);
    return (key, vars) => {
      let template = templates.get(key);
      if (template === undefined) {
        template = this.templateOf(locale, key);
        templates.set(key, template);
      }
      if (template && !(vars && passesOptions(vars, template.plainCount))) {
        const text = fillTemplate(template.parts, vars);
        if (text !== null) return text;
      }
      // `t` with the language, not `getFixedT`: a fixed translator copies every i18next option on
      // each call, about four times the cost of the translation.
      return this.instance.t(key, { ...vars, lng: locale });
    };
  }

  /** A translator that always asks i18next: what the templates are checked against. */
  i18nextTranslator(locale: Locale): Translate {
    return (key, vars) => this.instance.t(key, { ...vars, lng: locale });
  }

  /** The key's text as a template, when it is a plain string i18next would only interpolate. */
  private templateOf(locale: Locale, key: string): Compiled | null {
    const separator = key.indexOf(":");
    const namespace = separator < 0 ? "common" : key.slice(0, separator);
    let node: unknown = this.resources[locale]?.[namespace];
    let plainCount = true;
    for (const part of key.slice(separator + 1).split(".")) {
      if (typeof node !== "object" || node === null) return null;
      plainCount = !Object.keys(node).some((sibling) => sibling.startsWith(`${part}_`));
      node = (node as Record<string, unknown>)[part];
    }
    const parts = typeof node === "string" ? compileTemplate(node, plainCount) : null;
    return parts ? { parts, plainCount } : null;
  }

  has(locale: Locale, key: string): boolean {
    return this.instance.exists(key, { lng: locale });
  }
}

// Intl formatters are costly to build and cheap to use: one per locale (and time zone).
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

const intlLocale = (locale: Locale) => (locale === "fr" ? "fr-FR" : "en-GB");

// A day's text never changes: lists (`/bilans`) show the same few days again and again.
const formattedDays = new Map<string, string>();
const FORMATTED_DAYS_KEPT = 4096;

export function formatDate(isoDate: string, locale: Locale): string {
  const key = `${locale}:${isoDate}`;
  const known = formattedDays.get(key);
  if (known !== undefined) return known;
  const [y, m, d] = isoDate.split("-").map(Number);
  if (!y || !m || !d) return isoDate;
  const text = cached(
    `date:${locale}`,
    () => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone: "UTC" }),
  ).format(new Date(Date.UTC(y, m - 1, d)));
  if (formattedDays.size >= FORMATTED_DAYS_KEPT) formattedDays.clear();
  formattedDays.set(key, text);
  return text;
}

/** A month's name ("septembre"), for a month number 1-12. */
export function formatMonth(month: number, locale: Locale): string {
  return cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(intlLocale(locale), { month: "long", timeZone: "UTC" }),
  ).format(new Date(Date.UTC(2000, month - 1, 1)));
}

export function formatDateTime(instant: Date, locale: Locale, timeZone: string): string {
  return cached(
    `datetime:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone }),
  ).format(instant);
}

/**
 * An amount in integer cents, written the French way in both languages ("1 234,50 €", with the
 * narrow no-break space Intl puts between thousands and the no-break space before the sign):
 * finance leads compare it with French bank statements. The locale is kept for the callers.
 */
export function formatCents(cents: number, _locale: Locale): string {
  return cached("money", () => new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" })).format(
    cents / 100,
  );
}
