import type { CommandEntry } from "../../core/command.ts";
import { describeExpected } from "../../core/describe.ts";
import type { Translate } from "../../core/i18n.ts";
import { optionLabel } from "../../core/option-labels.ts";
import type { OptionSpec } from "../../core/options.ts";
import { truncate } from "../../core/text-limits.ts";
import { FORM_PREFIX } from "./custom-id.ts";
import { DISCORD_LIMITS } from "./limits.ts";

/** A text input inside a label (component type 18): a short label, and a description under it. */
export interface DiscordModalInput {
  type: 18;
  label: string;
  description: string;
  component: {
    type: 4;
    custom_id: string;
    style: 1 | 2;
    required: boolean;
    max_length?: number;
    placeholder?: string;
    value?: string;
  };
}

export interface DiscordModal {
  custom_id: string;
  title: string;
  components: DiscordModalInput[];
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A modal with one text input per option to ask, generated from the schema. Pure. The label is
 * the option's short name (Discord allows 45 characters); what to write, and what never to write
 * (names, phone numbers), is the description beneath it. An input is required when the option is,
 * or when `requireAll` (a button asked it because the action needs it: a reason to refuse).
 */
export function buildDiscordModal(
  entry: CommandEntry,
  specs: readonly OptionSpec[],
  fields: readonly string[],
  nonce: string,
  t: Translate,
  typed: Record<string, string> = {},
  requireAll = false,
): DiscordModal {
  const L = DISCORD_LIMITS;
  const asked = specs.filter((s) => fields.includes(s.name)).slice(0, L.modalInputs);
  return {
    custom_id: `${FORM_PREFIX}${nonce}`,
    title: truncate("/" + entry.path.join(" "), L.modalTitle),
    components: asked.map((spec) => ({
      type: 18,
      label: truncate(capitalized(optionLabel(t, spec.name)), L.inputLabel),
      description: truncate(t(`commands:${entry.key}.options.${spec.name}`), L.inputDescription),
      component: {
        type: 4,
        custom_id: spec.name,
        style: spec.long ? 2 : 1,
        required: spec.required || requireAll,
        ...(spec.kind === "text" && spec.max ? { max_length: Math.min(spec.max, L.inputValue) } : {}),
        placeholder: truncate(describeExpected(spec, t), L.inputPlaceholder),
        ...(typed[spec.name] ? { value: typed[spec.name] } : {}),
      },
    })),
  };
}
