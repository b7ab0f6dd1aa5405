import type { OptionSpec } from "./options.ts";
import type { Translate } from "./i18n.ts";

/** What an option expects, in the member's language: used in errors, help and forms. */
export function describeExpected(spec: OptionSpec, t: Translate): string {
  if (spec.expected) return t(`common:expected.${spec.expected}`);
  switch (spec.kind) {
    case "integer":
      return t("common:expected.integer", { min: spec.min ?? 0, max: spec.max ?? Number.MAX_SAFE_INTEGER });
    case "money":
      return t("common:expected.money");
    case "boolean":
      return t("common:expected.boolean");
    case "choice":
      return t("common:expected.choice", { choices: (spec.choices ?? []).join(", ") });
    case "choices":
      return t("common:expected.choices", { choices: (spec.choices ?? []).join(", ") });
    case "date":
      return t("common:expected.date");
    case "ref":
      return t("common:expected.ref", { entity: t(`common:entity.${spec.entity ?? "household"}`) });
    default:
      return t("common:expected.text", { min: spec.min ?? 0, max: spec.max ?? 0 });
  }
}
