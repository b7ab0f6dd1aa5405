import { card, type Card, type CardButton } from "../core/card.ts";
import { formatDateTime, type Locale, type Translate } from "../core/i18n.ts";
import type { CandidatureView } from "../services/candidatures.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
}

function decisionButtons(view: CandidatureView, t: Translate): CardButton[] {
  const decide = (decision: string, label: string, style?: CardButton["style"], ask?: string[]): CardButton => ({
    label: t(label),
    command: "candidature.decider",
    args: { ref: view.reference, decision },
    ...(ask ? { ask } : {}),
    ...(style ? { style } : {}),
  });
  return [
    decide("validee", "cards:candidature.validate", "primary"),
    decide("refusee", "cards:candidature.refuse", "danger", ["motif"]),
    decide("ajournee", "cards:candidature.adjourn", undefined, ["motif"]),
    { label: t("cards:candidature.details"), command: "candidature.voir", args: { ref: view.reference } },
  ];
}

/**
 * The candidature as posted in the SIAO channel: a projection of the record, re-rendered after
 * each decision. Only pseudonymous references: the household's details stay out of channels.
 */
export function candidatureChannelCard(view: CandidatureView, p: Presentation): Card {
  const { t } = p;
  const fields = [
    { label: t("cards:candidature.household"), value: view.householdRef, inline: true },
    { label: t("cards:candidature.dispositif"), value: view.dispositifName, inline: true },
    {
      label: t("cards:candidature.submitted"),
      value: t("cards:by_on", { who: view.submittedBy, when: formatDateTime(view.submittedAt, p.locale, p.timezone) }),
      inline: true,
    },
    { label: t("cards:candidature.status"), value: t(`common:candidature_status.${view.status}`), inline: true },
  ];
  if (view.submissionCount > 1)
    fields.push({ label: t("cards:candidature.resubmissions"), value: String(view.submissionCount - 1), inline: true });
  if (view.decidedAt && view.decidedBy) {
    fields.push({
      label: t("cards:candidature.decision"),
      value: t("cards:by_on", { who: view.decidedBy, when: formatDateTime(view.decidedAt, p.locale, p.timezone) }),
      inline: true,
    });
  }
  const tone =
    view.status === "validee"
      ? "success"
      : view.status === "refusee"
        ? "error"
        : view.status === "ajournee"
          ? "warning"
          : "info";
  return card(t("cards:candidature.title", { ref: view.reference }), {
    visibility: "channel",
    tone,
    fields,
    ...(view.status === "soumise"
      ? { buttons: decisionButtons(view, t) }
      : {
          buttons: [
            { label: t("cards:candidature.details"), command: "candidature.voir", args: { ref: view.reference } },
          ],
        }),
  });
}

/** Everything about the candidature, for the asking member only. */
export function candidatureDetailCard(view: CandidatureView, p: Presentation): Card {
  const { t } = p;
  const base = candidatureChannelCard(view, p);
  const d = view.detail;
  const fields = [
    ...(base.fields ?? []),
    {
      label: t("cards:candidature.public"),
      value: d.publicCible ? t(`common:public.${d.publicCible}`) : "-",
      inline: true,
    },
    {
      label: t("cards:candidature.composition"),
      value: d.composition ? t(`common:composition.${d.composition}`) : "-",
      inline: true,
    },
    {
      label: t("cards:candidature.resources"),
      value: d.resources ? t(`common:resources.${d.resources}`) : "-",
      inline: true,
    },
    { label: t("cards:candidature.hebergement"), value: t(`common:hebergement.${d.hebergement}`), inline: true },
    { label: t("cards:candidature.budget"), value: t(d.budget ? "common:yes" : "common:no"), inline: true },
    { label: t("cards:candidature.note"), value: d.note },
  ];
  if (view.decisionReason)
    fields.push({ label: t(`cards:candidature.reason_${view.status}`), value: view.decisionReason });
  if (view.mesureRef) fields.push({ label: t("cards:candidature.mesure"), value: view.mesureRef });
  if (view.history && view.history.length > 0)
    fields.push({
      label: t("cards:candidature.history"),
      value: view.history
        .map(
          (e) =>
            t("cards:candidature.history_line", {
              when: formatDateTime(e.at, p.locale, p.timezone),
              what: t(`cards:candidature.event_${e.kind}`),
              by: e.by,
            }) + (e.text ? ` : ${e.text}` : ""),
        )
        .join("\n"),
    });
  return {
    ...base,
    visibility: "private",
    fields,
    buttons: view.status === "soumise" ? decisionButtons(view, t).slice(0, 3) : [],
  };
}
