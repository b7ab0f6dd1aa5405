import type { OptionSpec } from "./options.ts";
import { isValidIsoDate } from "../domain/calendar.ts";
import { coerceValue } from "./coerce.ts";
import { UserError } from "./errors.ts";

/**
 * Splits a command line into words; "double quotes", «guillemets» and “curly quotes” group words,
 * also after an option name (`aide:"FSL refusé en mars"`).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /([\p{L}_-]+[:=])?(?:"([^"]*)"|«\s*([^»]*?)\s*»|“([^”]*)”)|(\S+)/gu;
  for (const match of text.matchAll(pattern)) {
    tokens.push(match[5] ?? (match[1] ?? "") + (match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return tokens;
}

/**
 * Maps words to option names: `name:value` (or `name=value`) for a known option, otherwise in
 * declared order. An optional option whose kind the word cannot be (a choice, a date, a number)
 * is passed over, so `/bilan enregistrer IML-2026-001 prolonger bon budget` needs no names.
 * Extra words join the free-text option, so a reason needs no quotes.
 */
export function assignArguments(
  specs: readonly OptionSpec[],
  tokens: readonly string[],
  usage: string,
): Record<string, string> {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  // Words after a named free text continue it, until the next name (`justification:Frais de garde-meubles`).
  let openText: string | undefined;
  for (const token of tokens) {
    const named = /^([\p{L}_-]+)[:=](.*)$/u.exec(token);
    const spec = named ? specs.find((s) => s.name === named[1]) : undefined;
    if (named && spec) {
      values[spec.name] = named[2] ?? "";
      openText = spec.kind === "text" ? spec.name : undefined;
    } else if (openText) {
      values[openText] = `${values[openText]} ${token}`;
    } else {
      positional.push(token);
    }
  }
  const free = specs.filter((s) => values[s.name] === undefined);
  // More words than options: the extra words belong to the free text, wherever it stands
  // (`/situation action S-2026-001 Contacter le FSL @marie 2026-12-01`).
  const text = [...free].reverse().find((s) => s.kind === "text");
  const extra = positional.length - free.length;
  if (text && extra > 0) {
    const at = Math.min(free.indexOf(text), positional.length - 1);
    positional.splice(at, extra + 1, positional.slice(at, at + extra + 1).join(" "));
  }
  let next = 0;
  for (let index = 0; index < positional.length; index++) {
    const token = positional[index] ?? "";
    while (next < free.length && !free[next]!.required && !fitsKind(free[next]!, token)) next++;
    const spec = free[next];
    if (!spec) {
      throw new UserError("too_many_arguments", { extra: positional.slice(index).join(" "), usage });
    }
    const isLast = next === free.length - 1;
    if (isLast && spec.kind === "text") {
      values[spec.name] = positional.slice(index).join(" ");
      break;
    }
    values[spec.name] = token;
    next++;
  }
  return values;
}

/** Whether a typed word could be a value of this option's kind (before validation of bounds). */
function fitsKind(spec: OptionSpec, token: string): boolean {
  const value = coerceValue(spec, token);
  switch (spec.kind) {
    case "choice":
      return spec.choices?.includes(String(value)) ?? false;
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
