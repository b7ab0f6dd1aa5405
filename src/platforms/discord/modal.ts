import type { CommandEntry } from "../../core/command.ts";
import { describeExpected } from "../../core/describe.ts";
import type { Translate } from "../../core/i18n.ts";
import type { OptionSpec } from "../../core/options.ts";
import { truncate } from "../../core/text-limits.ts";
import { FORM_PREFIX } from "./custom-id.ts";
import {
  DISCORD_MAX_INPUT_LABEL,
  DISCORD_MAX_INPUT_VALUE,
  DISCORD_MAX_MODAL_INPUTS,
  DISCORD_MAX_MODAL_TITLE,
} from "./limits.ts";

export interface DiscordModal {
  custom_id: string;
  title: string;
  components: {
    type: 1;
    components: {
      type: 4;
      custom_id: string;
      label: string;
      style: 1 | 2;
      required: boolean;
      min_length?: number;
      max_length?: number;
      placeholder?: string;
      value?: string;
    }[];
  }[];
}

/** A modal with one text input per option to ask, generated from the schema. Pure. */
export function buildDiscordModal(
  entry: CommandEntry,
  specs: readonly OptionSpec[],
  fields: readonly string[],
  nonce: string,
  t: Translate,
  typed: Record<string, string> = {},
): DiscordModal {
  const asked = specs.filter((s) => fields.includes(s.name)).slice(0, DISCORD_MAX_MODAL_INPUTS);
  return {
    custom_id: `${FORM_PREFIX}${nonce}`,
    title: truncate("/" + entry.path.join(" "), DISCORD_MAX_MODAL_TITLE),
    components: asked.map((spec) => ({
      type: 1,
      components: [
        {
          type: 4,
          custom_id: spec.name,
          label: truncate(t(`commands:${entry.key}.options.${spec.name}`), DISCORD_MAX_INPUT_LABEL),
          style: spec.long ? 2 : 1,
          required: spec.required || fields.length === 1,
          ...(spec.kind === "text" && spec.max ? { max_length: Math.min(spec.max, DISCORD_MAX_INPUT_VALUE) } : {}),
          placeholder: truncate(describeExpected(spec, t), 100),
          ...(typed[spec.name] ? { value: typed[spec.name] } : {}),
        },
      ],
    })),
  };
}
