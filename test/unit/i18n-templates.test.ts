import { describe, expect, it } from "vitest";
import { compileTemplate, I18n, LOCALES, loadResources, type TranslationVars } from "../../src/core/i18n.ts";

/** Every string key of a locale, as `namespace:path.to.key`. */
function keysOf(locale: (typeof LOCALES)[number]): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  const walk = (prefix: string, node: unknown) => {
    if (typeof node === "string") out.push({ key: prefix, text: node });
    else if (typeof node === "object" && node !== null)
      for (const [name, child] of Object.entries(node))
        walk(prefix.endsWith(":") ? prefix + name : `${prefix}.${name}`, child);
  };
  for (const [namespace, tree] of Object.entries(loadResources(locale))) walk(`${namespace}:`, tree);
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? "");

describe("translation templates", () => {
  const i18n = I18n.create();

  it("give what i18next gives for every key of every locale, with values that look like markup", () => {
    let templated = 0;
    for (const locale of LOCALES) {
      const fast = i18n.translator(locale);
      const reference = i18n.i18nextTranslator(locale);
      for (const { key, text } of keysOf(locale)) {
        if (compileTemplate(text)) templated++;
        const names = placeholders(text);
        // Values holding what i18next would expand if it read them again: they must stay as given.
        const vars = Object.fromEntries(names.map((n, i) => [n, i % 2 ? 1234.5 : `«${n}» {{x}} $t(common:yes)`]));
        expect(fast(key, vars), key).toBe(reference(key, vars));
        // A variable left out, and no variables at all.
        if (names.length > 0) {
          const fewer = Object.fromEntries(names.slice(1).map((n) => [n, "v"]));
          expect(fast(key, fewer), key).toBe(reference(key, fewer));
        }
        expect(fast(key), key).toBe(reference(key));
        // A count i18next would read for plurals: zero, one, many, a fraction and a count given as text.
        if (names.includes("count"))
          for (const count of [0, 1, 3, 1234.5, "7"]) {
            const counted = { ...vars, count };
            expect(fast(key, counted), `${key} ${count}`).toBe(reference(key, counted));
          }
      }
    }
    // Most texts take the fast path; the test would prove nothing if none did.
    expect(templated).toBeGreaterThan(500);
  });

  it("leave plurals, contexts and i18next's own options to i18next", () => {
    const fast = i18n.translator("fr");
    const reference = i18n.i18nextTranslator("fr");
    const calls: TranslationVars[] = [
      { count: 1, command: "x" },
      { count: 3, command: "x" },
      { context: "x" },
      { ns: "cards" },
    ];
    for (const vars of calls) expect(fast("commands:help.title", vars)).toBe(reference("commands:help.title", vars));
    // `aide.title` has a plural sibling (`aide.title_one`): with a count, i18next picks the form.
    for (const count of [0, 1, 3]) {
      const vars = { count, command: "/bilans" };
      expect(fast("commands:aide.title", vars)).toBe(reference("commands:aide.title", vars));
    }
    expect(fast("commands:aide.title", { count: 1, command: "/bilans" })).toBe("Aide : /bilans");
    expect(fast("reminder.title", { ns: "cards", purpose: "p" })).toBe(
      reference("reminder.title", { ns: "cards", purpose: "p" }),
    );
    expect(fast("cards:no.such.key")).toBe(reference("cards:no.such.key"));
    expect(fast("cards:reminder")).toBe(reference("cards:reminder"));
  });

  it("compile only plain placeholders", () => {
    expect(compileTemplate("Ouvrir {{ref}} ({{ n }})")).toEqual(["Ouvrir ", "ref", " (", "n", ")"]);
    expect(compileTemplate("sans variable")).toEqual(["sans variable"]);
    expect(compileTemplate("{{a}}{{b}}")).toEqual(["", "a", "", "b", ""]);
    for (const text of ["$t(common:x)", "{{- raw}}", "{{amount, number}}", "{{a.b}}", "{{count}} j", "{{lng}}"])
      expect(compileTemplate(text), text).toBeNull();
    // A count is a plain number only for a key without plural forms; other options never are.
    expect(compileTemplate("{{count}} j", true)).toEqual(["", "count", " j"]);
    expect(compileTemplate("{{lng}} {{count}}", true)).toBeNull();
  });
});
