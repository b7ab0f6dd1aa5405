import type { Translate } from "./i18n.ts";

/** The short name of an option, as a form shows it ("résumé", "summary"). */
export function optionLabel(t: Translate, name: string): string {
  return t(`options:name.${name}`);
}

/**
 * What a member reads for a choice ("femme victime de violences" for `femme_victime_violences`).
 * Setting keys (`rappels.cron`) are identifiers members type as they are: shown unchanged.
 */
export function choiceLabel(t: Translate, value: string): string {
  return value.includes(".") ? value : t(`options:choice.${value}`);
}

/** A label as a Discord command or option name: lower case, no accents, words joined by "_". */
export function commandName(label: string): string {
  return label
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}-]+/gu, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 32);
}
