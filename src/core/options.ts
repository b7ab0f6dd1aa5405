import { z } from "zod";
import { isValidIsoDate, TIME_OF_DAY } from "../domain/calendar.ts";
import { personalDataIn } from "../domain/personal-data.ts";

/**
 * Option builders. Commands declare their options with these so that every platform can read
 * back what an option expects (kind, bounds, choices) from the zod schema itself: the schema is
 * the single truth for parsing, Discord option builders, Slack modals and the help text.
 */
export type OptionKind = "text" | "integer" | "boolean" | "choice" | "choices" | "date" | "ref" | "money";
export type RefEntity =
  | "household"
  | "candidature"
  | "mesure"
  | "situation"
  | "dispositif"
  | "claim"
  | "advance"
  | "member";

interface OptionMeta {
  kind: OptionKind;
  entity?: RefEntity;
  /** A long free text: a multi-line field in modals. */
  long?: boolean;
  /** Free text is screened for personal data, unless its declaration says why it need not be. */
  screening?: Screening;
  /** What a text of a fixed shape expects (a key under `common:expected`), said when refused. */
  expected?: Shape;
  /** The fixed shape itself: a typed word of another shape is not this option's. */
  pattern?: RegExp;
}

/** Texts of a fixed shape, named by what they expect. */
export type Shape = "time" | "private_owner_ref";

/** How a text option is protected: screened, or exempt with the reason written where it is declared. */
export type Screening = { screened: true } | { screened: false; exemptBecause: string };

/** The issue a screened text raises: the kinds found, never the text. */
export const PERSONAL_DATA_ISSUE = "personal_data";

/**
 * Refuses a text carrying personal data, as a zod check, so no platform and no later parser can
 * skip it. Its "today" is the system's: the only date-dependent rule (a bare full date older than
 * ten years) is too coarse for a clock moved in tests to matter.
 */
function screened(schema: z.ZodString): z.ZodString {
  return schema.superRefine((value, ctx) => {
    const kinds = personalDataIn(value, new Date().toISOString().slice(0, 10));
    if (kinds.length > 0) ctx.addIssue({ code: "custom", message: PERSONAL_DATA_ISSUE, params: { kinds } });
  });
}

const optionMeta = z.registry<OptionMeta>();

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MONEY_MAX_CENTS = 100_000_000; // 1 million euros: above is a typing mistake

export const opt = {
  /** Free text about the work: screened for personal data before anything runs. */
  text: (max: number, min = 1) =>
    screened(z.string().trim().min(min).max(max)).register(optionMeta, { kind: "text", screening: { screened: true } }),
  longText: (max: number, min = 1) =>
    screened(z.string().trim().min(min).max(max)).register(optionMeta, {
      kind: "text",
      long: true,
      screening: { screened: true },
    }),
  /**
   * Text that is not about a household (a command name, a meeting room) and is not screened. The
   * reason is part of the declaration, so a reader sees the exemption where the option is.
   */
  unscreenedText: (max: number, exemptBecause: string, min = 1) =>
    z
      .string()
      .trim()
      .min(min)
      .max(max)
      .register(optionMeta, { kind: "text", screening: { screened: false, exemptBecause } }),
  integer: (min: number, max: number) => z.number().int().min(min).max(max),
  boolean: () => z.boolean(),
  choice: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  /** Several values of a list, each at most once ("dettes,sante" when typed). */
  choices: <const T extends readonly [string, ...string[]]>(values: T) =>
    z
      .array(z.enum(values))
      .min(1)
      .max(values.length)
      .refine((picked) => new Set(picked).size === picked.length),
  date: () => z.string().regex(ISO_DATE).refine(isValidIsoDate).register(optionMeta, { kind: "date" }),
  ref: (entity: RefEntity, max = 40) => z.string().trim().min(1).max(max).register(optionMeta, { kind: "ref", entity }),
  /** An hour of the day, "14:30" or "9h". */
  time: () =>
    screened(z.string().trim().regex(TIME_OF_DAY)).register(optionMeta, {
      kind: "text",
      expected: "time",
      screening: { screened: true },
    }),
  /**
   * A short identifier of a fixed shape (a private owner's territory reference): screened like any
   * text, and never given the words of a free text typed without names.
   */
  shapedText: (max: number, pattern: RegExp, expected: Shape) =>
    screened(z.string().trim().min(1).max(max).regex(pattern)).register(optionMeta, {
      kind: "text",
      expected,
      pattern,
      screening: { screened: true },
    }),
  /** An amount typed in euros ("1 234,50"), held as integer cents. */
  money: () => z.number().int().min(1).max(MONEY_MAX_CENTS).register(optionMeta, { kind: "money" }),
};

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  required: boolean;
  min?: number;
  max?: number;
  choices?: readonly string[];
  entity?: RefEntity;
  long?: boolean;
  /** Text options only: absent when the option was built without core/options.ts. */
  screening?: Screening;
  expected?: Shape;
  /** Texts of a fixed shape: what a word must look like to be this option's. */
  pattern?: RegExp;
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean } {
  let inner: z.ZodType = schema;
  let required = true;
  for (;;) {
    if (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
      required = false;
      inner = inner.unwrap() as z.ZodType;
    } else return { inner, required };
  }
}

function finite(value: number | null | undefined): number | undefined {
  return value === null || value === undefined || !Number.isFinite(value) ? undefined : value;
}

export function describeOption(name: string, schema: z.ZodType): OptionSpec {
  const { inner, required } = unwrap(schema);
  const meta = optionMeta.get(inner);
  const base = { name, required };
  if (inner instanceof z.ZodEnum) return { ...base, kind: "choice", choices: inner.options as string[] };
  if (inner instanceof z.ZodArray && inner.element instanceof z.ZodEnum)
    return { ...base, kind: "choices", choices: inner.element.options as string[] };
  if (inner instanceof z.ZodBoolean) return { ...base, kind: "boolean" };
  if (inner instanceof z.ZodNumber) {
    const spec: OptionSpec = { ...base, kind: meta?.kind === "money" ? "money" : "integer" };
    const min = finite(inner.minValue);
    const max = finite(inner.maxValue);
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
    return spec;
  }
  if (inner instanceof z.ZodString) {
    const spec: OptionSpec = { ...base, kind: meta?.kind ?? "text" };
    const min = finite(inner.minLength);
    const max = finite(inner.maxLength);
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
    if (meta?.entity) spec.entity = meta.entity;
    if (meta?.long) spec.long = true;
    if (meta?.screening) spec.screening = meta.screening;
    if (meta?.expected) spec.expected = meta.expected;
    if (meta?.pattern) spec.pattern = new RegExp(meta.pattern.source, meta.pattern.flags);
    return spec;
  }
  throw new Error(`Option "${name}" uses a schema the platforms cannot describe; build it with core/options.ts`);
}

export function describeOptions(schema: z.ZodObject): OptionSpec[] {
  return Object.entries(schema.shape).map(([name, field]) => describeOption(name, field as z.ZodType));
}
