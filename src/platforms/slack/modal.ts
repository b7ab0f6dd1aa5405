import { z } from "zod";
import type { CommandEntry } from "../../core/command.ts";
import { describeExpected } from "../../core/describe.ts";
import type { Translate } from "../../core/i18n.ts";
import { choiceLabel, optionLabel } from "../../core/option-labels.ts";
import type { OptionSpec } from "../../core/options.ts";
import { truncate } from "../../core/text-limits.ts";
import {
  SLACK_MAX_INPUT_HINT,
  SLACK_MAX_INPUT_LABEL,
  SLACK_MAX_MODAL_TITLE,
  SLACK_MAX_OPTION_TEXT,
  SLACK_MAX_PRIVATE_METADATA,
} from "./limits.ts";
import type { SlackBlock } from "./render.ts";

export const FORM_CALLBACK_PREFIX = "form:";
const VALUE_ACTION = "value";

/** What a form carries from its opening to its submission. */
export const FormMetadata = z.object({
  ch: z.string().max(40),
  a: z.record(z.string().max(40), z.string().max(300)),
});
export type FormMetadata = z.infer<typeof FormMetadata>;

function element(spec: OptionSpec, t: Translate): SlackBlock {
  const selectOf = (values: readonly string[], labels: (v: string) => string) => ({
    type: "static_select",
    action_id: VALUE_ACTION,
    options: values.map((value) => ({
      text: { type: "plain_text", text: truncate(labels(value), SLACK_MAX_OPTION_TEXT) },
      value,
    })),
  });
  switch (spec.kind) {
    case "choice":
      return selectOf(spec.choices ?? [], (v) => choiceLabel(t, v));
    case "choices":
      return { ...selectOf(spec.choices ?? [], (v) => choiceLabel(t, v)), type: "multi_static_select" };
    case "boolean":
      return selectOf(["oui", "non"], (v) => t(v === "oui" ? "common:yes" : "common:no"));
    case "date":
      return { type: "datepicker", action_id: VALUE_ACTION };
    default:
      return {
        type: "plain_text_input",
        action_id: VALUE_ACTION,
        multiline: spec.long === true,
        ...(spec.kind === "text" && spec.max ? { max_length: spec.max } : {}),
        placeholder: { type: "plain_text", text: truncate(describeExpected(spec, t), 150) },
      };
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A modal generated from the command's schema: one input per option still to fill, labelled with
 * the option's name, what to write (and never write) as a hint beneath. Submitted values go
 * through the same parse as typed ones; errors come back next to their field. Options a button
 * asks (`only`: a reason to refuse) are needed by its action, so they are not optional.
 */
export function buildModal(
  entry: CommandEntry,
  specs: readonly OptionSpec[],
  t: Translate,
  metadata: FormMetadata,
  only?: readonly string[],
): SlackBlock {
  const asked = specs.filter((s) => (only ? only.includes(s.name) : metadata.a[s.name] === undefined));
  const privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > SLACK_MAX_PRIVATE_METADATA) throw new Error("form metadata too long for Slack");
  return {
    type: "modal",
    callback_id: `${FORM_CALLBACK_PREFIX}${entry.key}`,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: truncate("/" + entry.path.join(" "), SLACK_MAX_MODAL_TITLE) },
    submit: { type: "plain_text", text: t("common:form.submit") },
    close: { type: "plain_text", text: t("common:form.cancel") },
    blocks: asked.map((spec) => ({
      type: "input",
      block_id: spec.name,
      optional: !spec.required && !only,
      label: { type: "plain_text", text: truncate(capitalized(optionLabel(t, spec.name)), SLACK_MAX_INPUT_LABEL) },
      hint: {
        type: "plain_text",
        text: truncate(t(`commands:${entry.key}.options.${spec.name}`), SLACK_MAX_INPUT_HINT),
      },
      element: element(spec, t),
    })),
  };
}

const SubmittedState = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      value: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
      selected_options: z.array(z.object({ value: z.string() })).nullish(),
      selected_date: z.string().nullish(),
    }),
  ),
);

/** The typed values of a submitted modal, by option name; empty fields are left out. */
export function readModalValues(state: unknown): Record<string, string> | null {
  const parsed = SubmittedState.safeParse(state);
  if (!parsed.success) return null;
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(parsed.data)) {
    const input = actions[VALUE_ACTION];
    const value =
      input?.value ??
      input?.selected_option?.value ??
      input?.selected_options?.map((o) => o.value).join(",") ??
      input?.selected_date;
    if (value !== undefined && value !== null && value !== "") values[blockId] = value;
  }
  return values;
}
