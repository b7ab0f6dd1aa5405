import { normalizeDateInput } from "../domain/calendar.ts";
import type { OptionSpec } from "./options.ts";

const TRUE_WORDS = new Set(["oui", "o", "yes", "y", "true", "vrai", "1"]);
const FALSE_WORDS = new Set(["non", "n", "no", "false", "faux", "0"]);

/** Lower case, no accents, spaces and hyphens as underscores: "Validée" → "validee". */
export function normalizeChoice(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** "1 234,50", "1234.5", "1234,50 €" → 123450 cents; anything else is returned unchanged. */
export function parseEuros(value: string): number | string {
  const compact = value.replace(/[\s\u00a0\u202f€]/g, "").replace(/eur$/i, "");
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return value;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : value;
}

/** Turns a typed string into the value the option's schema expects; leaves it as is when it cannot. */
export function coerceValue(spec: OptionSpec, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  switch (spec.kind) {
    case "integer":
      return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case "money":
      return parseEuros(trimmed);
    case "boolean": {
      const word = normalizeChoice(trimmed);
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return trimmed;
    }
    case "choice": {
      const word = normalizeChoice(trimmed);
      return spec.choices?.includes(word) ? word : trimmed;
    }
    case "choices":
      // Typed or sent as one text ("dettes, santé"); a form sends its selected values joined by commas.
      return [
        ...new Set(
          trimmed
            .split(/[,;+\s]+/)
            .filter(Boolean)
            .map(normalizeChoice),
        ),
      ];
    case "date":
      return normalizeDateInput(trimmed);
    default:
      return trimmed;
  }
}
