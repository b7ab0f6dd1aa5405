import { card, type Card } from "../core/card.ts";
import { formatDate, type Locale, type Translate } from "../core/i18n.ts";
import type { HomeView } from "../services/home.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
}

/**
 * A member's own list, seen by them only: late items first (marked), then what falls due. Each
 * line names a reference and opens with the command that shows it.
 */
export function homeCard(view: HomeView, p: Presentation): Card {
  const { t, locale } = p;
  const late = (date: string) => (date < view.today ? `⚠️ ${t("cards:home.late")} · ` : "");
  const fields = [
    {
      label: t("cards:home.echeances"),
      value: view.echeances
        .map(
          (e) =>
            `${late(e.dueDate)}${formatDate(e.dueDate, locale)} · ${t(`common:echeance.${e.kind}`)} · ${e.mesureRef}`,
        )
        .join("\n"),
    },
    {
      label: t("cards:home.actions"),
      value: view.actions
        .map((a) => `${late(a.dueDate)}${formatDate(a.dueDate, locale)} · A-${a.number} · ${a.situationRef}`)
        .join("\n"),
    },
    {
      label: t("cards:home.claims"),
      value: view.claims.map((c) => `${c.reference} · ${t(`common:claim_status.${c.status}`)}`).join("\n"),
    },
  ].filter((f) => f.value !== "");
  return card(t("cards:home.title"), {
    fields,
    lines: fields.length === 0 ? [t("cards:home.nothing", { days: view.horizonDays })] : [],
    footer: t("cards:home.footer", { days: view.horizonDays }),
  });
}
