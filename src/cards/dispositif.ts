import { card, type Card } from "../core/card.ts";
import { formatMonth, type Locale, type Translate } from "../core/i18n.ts";
import type { DispositifSettingsResult } from "../services/dispositif-settings.ts";

/** A dispositif's rules after a change, with what changed and how many running mesures were re-planned. */
export function dispositifSettingsCard(result: DispositifSettingsResult, p: { t: Translate; locale: Locale }): Card {
  const { t } = p;
  const d = result.dispositif;
  const lines = [
    t("cards:dispositif.rules", {
      month: formatMonth(d.agrementStartMonth, p.locale),
      first: d.firstBilanMonths,
      second: d.secondBilanMonths,
      slide: d.slideDecisionMonths,
      extension: d.extensionMonths,
      followUp: d.followUpMonths,
      max: d.maxDurationMonths,
    }),
    t(d.requiresHousedByOperator ? "cards:dispositif.eligibility_housed" : "cards:dispositif.eligibility_any"),
  ];
  if (!result.created && result.changed.length === 0) lines.push(t("cards:dispositif.unchanged"));
  if (result.durationsChanged) lines.push(t("cards:dispositif.replanned", { count: result.replanned }));
  if (result.created) lines.push(t("cards:dispositif.next_step", { code: d.code }));
  const title = result.created ? "cards:dispositif.created" : "cards:dispositif.updated";
  return card(t(title, { code: d.code, name: d.name }), { lines, tone: "success" });
}
