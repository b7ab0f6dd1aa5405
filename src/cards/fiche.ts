import { type Card, card } from "../core/card.ts";
import { formatDate, type Locale, type Translate } from "../core/i18n.ts";
import type { FicheDocument } from "../reports/fiche-pdf.ts";
import { BILAN_CONDITIONS } from "../domain/vocabulary.ts";
import { renderInWorker } from "../reports/in-worker.ts";
import type { FicheView } from "../services/reports.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
}

const VOCABULARY: Record<string, string> = { public: "public", resources: "resources", composition: "composition" };

/** The answers a condition may take, ticked like a paper form: ☒ for the one recorded. */
const ANSWERS = BILAN_CONDITIONS;

function answer(t: Translate, value: string | null | undefined, remark: string | null | undefined): string {
  if (!value) return t("reports:fiche.not_recorded");
  const boxes = ANSWERS.map((a) => `${a === value ? "☒" : "☐"} ${t(`common:bilan_condition.${a}`)}`).join("   ");
  return remark ? `${boxes} — ${remark}` : boxes;
}

/** The fiche's content, in the order of the DDETS form. Only the household's reference identifies it. */
export function ficheDocument(view: FicheView, { t, locale }: Presentation): FicheDocument {
  const b = view.bilan;
  const date = (iso: string) => formatDate(iso, locale);
  const category = (name: string, value: string | null) =>
    value === null
      ? t("reports:fiche.not_recorded")
      : t(`common:${VOCABULARY[name] ?? name}.${value}`, { defaultValue: value });
  const next =
    view.status !== "active"
      ? t("reports:fiche.ended", {
          reason: view.endReason ? t(`common:end_reason.${view.endReason}`) : "-",
          date: date(view.endDate ?? b.heldOn),
        })
      : view.next
        ? t("reports:fiche.next_step", { what: t(`common:echeance.${view.next.kind}`), date: date(view.next.dueDate) })
        : t("reports:fiche.until", { date: date(view.plannedEndDate) });
  return {
    title: t("reports:fiche.title"),
    header: {
      left: [view.origin.structure || view.origin.territory, view.origin.territory],
      right: [view.dispositif, t("reports:fiche.ref_line", { household: view.householdRef, mesure: view.mesureRef })],
    },
    blocks: [
      {
        heading: t("reports:fiche.b_household"),
        rows: [
          [t("reports:fiche.household"), view.householdRef],
          [t("reports:fiche.entry"), date(view.entryDate)],
          [t("reports:fiche.landlord"), view.landlord || t("common:private_owner")],
          [t("reports:fiche.stock"), t(`common:parc.${view.parc}`)],
          ...view.categories.map((c): [string, string] => [
            t(`reports:fiche.category.${c.name}`, { defaultValue: c.name }),
            category(c.name, c.value),
          ]),
        ],
      },
      {
        heading: t("reports:fiche.b_bilan"),
        rows: [
          [
            t("reports:fiche.bilan_kind"),
            t(`common:echeance.${b.kind}`, { defaultValue: t("reports:fiche.extra_bilan") }),
          ],
          [t("reports:fiche.bilan_date"), date(b.heldOn)],
          [
            t("reports:fiche.participants"),
            b.participants?.length
              ? b.participants.map((r) => t(`common:bilan_role.${r}`)).join(", ")
              : t("reports:fiche.not_recorded"),
          ],
          [t("reports:fiche.worked_on"), b.worked ?? "-"],
          [
            t("reports:fiche.barriers"),
            b.barriers.length ? b.barriers.map((x) => t(`common:barrier.${x}`)).join(", ") : "-",
          ],
        ],
      },
      {
        heading: t("reports:fiche.b_conditions"),
        rows: [
          [t("reports:fiche.rent_paid"), answer(t, b.conditions?.rentPaid, b.conditions?.rentPaidRemark)],
          [t("reports:fiche.stable"), answer(t, b.conditions?.stable, b.conditions?.stableRemark)],
        ],
      },
      {
        heading: t("reports:fiche.b_decision"),
        rows: [
          [
            t("reports:fiche.decision"),
            t(`common:bilan_outcome.${b.outcome}`) + (b.endReason ? ` (${t(`common:end_reason.${b.endReason}`)})` : ""),
          ],
          [t("reports:fiche.reason"), b.reason ?? "-"],
          [t("reports:fiche.next"), next],
        ],
      },
    ],
    signature: {
      heading: t("reports:fiche.b_signature"),
      boxes: [t("reports:fiche.sign_structure"), t("reports:fiche.sign_ddets")],
    },
    footer: t("reports:fiche.footer", { date: date(view.origin.generatedOn) }),
    pageLabel: t("reports:page", { page: "{{page}}", pages: "{{pages}}" }),
    locale,
  };
}

export function ficheMarkdown(doc: FicheDocument): string {
  return [
    `# ${doc.title}`,
    "",
    `${doc.header.left.join(" — ")}  `,
    doc.header.right.join(" — "),
    "",
    ...doc.blocks.flatMap((block) => [
      `## ${block.heading}`,
      "",
      ...block.rows.map(([k, v]) => `- **${k}** : ${v}`),
      "",
    ]),
    `_${doc.footer}_`,
    "",
  ].join("\n");
}

/** The fiche-bilan for the DDETS: a private reply with the fiche as Markdown (for the chat) and PDF (to send). */
export async function ficheCard(view: FicheView, p: Presentation): Promise<Card> {
  const doc = ficheDocument(view, p);
  const base = `fiche-bilan-${view.mesureRef}-${view.bilan.heldOn}`;
  return card(p.t("reports:fiche.card_title", { ref: view.mesureRef }), {
    fields: doc.blocks.flatMap((block) => block.rows).map(([label, value]) => ({ label, value, inline: true })),
    footer: p.t("reports:fiche.files"),
    files: [
      { name: `${base}.md`, contentType: "text/markdown", data: Buffer.from(ficheMarkdown(doc), "utf8") },
      { name: `${base}.pdf`, contentType: "application/pdf", data: (await renderInWorker({ kind: "fiche", doc })).pdf },
    ],
  });
}
