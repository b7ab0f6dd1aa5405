import type { OptionSpec } from "./options.ts";
import { isValidIsoDate } from "../domain/calendar.ts";
import { coerceValue } from "./coerce.ts";
import { UserError } from "./errors.ts";
import { echoable } from "./parse-options.ts";

/** A typed word: its value (quotes removed) and the text as typed (quotes kept). */
export interface Token {
  value: string;
  raw: string;
}

/**
 * Splits a command line into words; "double quotes", «guillemets» and “curly quotes” group words,
 * also after an option name (`aide:"FSL refusé en mars"`).
 */
export function tokenizeRaw(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /([\p{L}_-]+[:=])?(?:"([^"]*)"|«\s*([^»]*?)\s*»|“([^”]*)”)|(\S+)/gu;
  for (const match of text.matchAll(pattern)) {
    tokens.push({ value: match[5] ?? (match[1] ?? "") + (match[2] ?? match[3] ?? match[4] ?? ""), raw: match[0] });
  }
  return tokens;
}

export function tokenize(text: string): string[] {
  return tokenizeRaw(text).map((token) => token.value);
}

/**
 * Words joined into one free text keep their quotes as typed (« régulièrement »); a single quoted
 * group is the value itself ("Bailleur A").
 */
function joined(tokens: readonly Token[]): string {
  return tokens.length === 1 ? (tokens[0]?.value ?? "") : tokens.map((token) => token.raw).join(" ");
}

/**
 * Maps words to option names: `name:value` (or `name=value`) for a known option, otherwise in
 * declared order. An optional option whose kind the word cannot be (a choice, a date, a number)
 * is passed over, so `/bilan enregistrer IML-2026-001 prolonger bon budget` needs no names.
 * Extra words join the free-text option, so a reason needs no quotes.
 */
export function assignArguments(
  specs: readonly OptionSpec[],
  typed: readonly (string | Token)[],
  usage: string,
): Record<string, string> {
  const tokens = typed.map((token) => (typeof token === "string" ? { value: token, raw: token } : token));
  const values: Record<string, string> = {};
  const positional: Token[] = [];
  // Words after a named free text continue it, until the next name (`justification:Frais de garde-meubles`).
  let openText: string | undefined;
  for (const token of tokens) {
    const named = /^([\p{L}_-]+)[:=](.*)$/u.exec(token.value);
    const spec = named ? specs.find((s) => s.name === named[1]) : undefined;
    // A name the command does not take is refused by name, not dropped; with a free text, it
    // may be ordinary words ("Note: …"), so it joins the text.
    if (named && !spec && !specs.some((s) => s.kind === "text"))
      throw new UserError("unknown_option", {
        option: echoable(named[1] ?? ""),
        known: specs.map((s) => s.name).join(", ") || "-",
        usage,
      });
    if (named && spec) {
      values[spec.name] = named[2] ?? "";
      openText = spec.kind === "text" ? spec.name : undefined;
    } else if (openText) {
      values[openText] = `${values[openText]} ${token.raw}`;
    } else {
      positional.push(token);
    }
  }
  const free = specs.filter((s) => values[s.name] === undefined);
  // More words than options: the extra words belong to the free text, wherever it stands
  // (`/situation action S-2026-001 Contacter le FSL @marie 2026-12-01`).
  const text = [...free].reverse().find((s) => s.kind === "text" && !s.pattern);
  const extra = positional.length - free.length;
  if (text && extra > 0) {
    const at = Math.min(free.indexOf(text), positional.length - 1);
    const words = positional.slice(at, at + extra + 1);
    positional.splice(at, extra + 1, { value: joined(words), raw: words.map((w) => w.raw).join(" ") });
  }
  let next = 0;
  // The free text last filled: a word that fits no option left continues it ("Sortie de structures").
  let continued: { name: string; words: Token[] } | undefined;
  for (let index = 0; index < positional.length; index++) {
    const word = positional[index] ?? { value: "", raw: "" };
    const token = word.value;
    const first = next;
    while (next < free.length && !free[next]!.required && !fitsKind(free[next]!, token)) next++;
    const spec = free[next];
    if (!spec && continued) {
      continued.words.push(word);
      values[continued.name] = joined(continued.words);
      next = first;
      continue;
    }
    // A last word that fits none of the optional options left is given to the first of them,
    // so the refusal says what that option expects ("a number of days"), not "too many words".
    const skipped = free[first];
    if (!spec && skipped && index === positional.length - 1) {
      values[skipped.name] = token;
      break;
    }
    if (!spec) {
      throw new UserError("too_many_arguments", {
        extra: echoable(
          positional
            .slice(index)
            .map((w) => w.value)
            .join(" "),
        ),
        usage,
      });
    }
    const isLast = next === free.length - 1;
    if (isLast && spec.kind === "text") {
      values[spec.name] = joined(positional.slice(index));
      break;
    }
    values[spec.name] = token;
    continued = spec.kind === "text" ? { name: spec.name, words: [word] } : undefined;
    next++;
  }
  return values;
}

/** Whether a typed word could be a value of this option's kind (before validation of bounds). */
function fitsKind(spec: OptionSpec, token: string): boolean {
  if (spec.pattern) return spec.pattern.test(token);
  const value = coerceValue(spec, token);
  switch (spec.kind) {
    case "choice":
      return spec.choices?.includes(String(value)) ?? false;
    case "choices":
      return Array.isArray(value) && value.every((v) => spec.choices?.includes(String(v)));
    case "date":
      return isValidIsoDate(String(value));
    case "integer":
    case "money":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}
