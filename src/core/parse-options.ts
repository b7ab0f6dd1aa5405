import type { z } from "zod";
import { coerceValue } from "./coerce.ts";
import { personalDataIn } from "../domain/personal-data.ts";
import { unstorableIn } from "../domain/text.ts";
import { UserError } from "./errors.ts";
import { PERSONAL_DATA_ISSUE, type OptionSpec } from "./options.ts";

/**
 * Validates raw option values (strings typed by a person, or typed values from Discord) against
 * the command's zod schema. The first problem becomes a UserError naming the option; the message
 * says what is expected, in the member's language (`expected`).
 */
export function parseOptions(
  schema: z.ZodObject,
  specs: readonly OptionSpec[],
  raw: Record<string, unknown>,
  usage: string,
  expected: (spec: OptionSpec) => string,
): Record<string, unknown> {
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(raw)) {
    if (!known.has(name))
      throw new UserError("unknown_option", { option: name, known: specs.map((s) => s.name).join(", ") || "-", usage });
  }
  const input: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    if (value === undefined || value === null || value === "") continue;
    const unstorable = typeof value === "string" ? unstorableIn(value) : null;
    if (unstorable)
      throw new UserError("unstorable_text", { option: spec.name, what: `$t(common:unstorable.${unstorable})` });
    input[spec.name] = coerceValue(spec, value);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data as Record<string, unknown>;
  // Personal data comes before any other problem, so no other message can echo the text.
  for (const found of result.error.issues)
    if (found.code === "custom" && found.message === PERSONAL_DATA_ISSUE)
      throw personalDataRefusal(String(found.path[0] ?? ""), found.params?.kinds);
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? "");
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new UserError("invalid_options", { usage });
  if (input[name] === undefined)
    throw new UserError("missing_option", { option: name, expected: expected(spec), usage });
  throw new UserError("invalid_option", {
    option: name,
    expected: expected(spec),
    received: echoable(String(raw[name]).slice(0, 80)),
    usage,
  });
}

/** The refusal of a text carrying personal data: the field and the kinds found, never the text. */
export function personalDataRefusal(option: string, kinds: unknown): UserError {
  const found = Array.isArray(kinds) ? kinds.map(String) : [];
  return new UserError("personal_data_refused", {
    option,
    kinds: found.map((k) => `$t(common:personal_data.${k})`).join(", "),
    found: found.join(","),
  });
}

/** A typed value to quote back in an error, unless it carries personal data (then "…"). */
export function echoable(value: string): string {
  return personalDataIn(value, new Date().toISOString().slice(0, 10)).length > 0 ? "…" : value;
}
