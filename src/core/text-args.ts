import type { OptionSpec } from "./options.ts";
import { UserError } from "./errors.ts";

/** Splits a command line into words; "double quotes", «guillemets» and “curly quotes” group words. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|«\s*([^»]*?)\s*»|“([^”]*)”|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? "");
  }
  return tokens;
}

/**
 * Maps words to option names: `name:value` (or `name=value`) for a known option, otherwise in
 * declared order. Extra words join the last text option, so a reason needs no quotes.
 */
export function assignArguments(specs: readonly OptionSpec[], tokens: readonly string[], usage: string): Record<string, string> {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (const token of tokens) {
    const named = /^([\p{L}_-]+)[:=](.*)$/u.exec(token);
    const spec = named ? specs.find((s) => s.name === named[1]) : undefined;
    if (named && spec) {
      values[spec.name] = named[2] ?? "";
    } else {
      positional.push(token);
    }
  }
  const free = specs.filter((s) => values[s.name] === undefined);
  free.forEach((spec, index) => {
    if (index >= positional.length) return;
    const isLast = index === free.length - 1;
    values[spec.name] = isLast && spec.kind === "text" ? positional.slice(index).join(" ") : (positional[index] ?? "");
  });
  if (positional.length > free.length) {
    const last = free[free.length - 1];
    const absorbed = last?.kind === "text";
    if (!absorbed) throw new UserError("too_many_arguments", { extra: positional.slice(free.length).join(" "), usage });
  }
  return values;
}
