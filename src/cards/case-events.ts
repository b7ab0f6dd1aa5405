import { card, mention, type Card } from "../core/card.ts";
import { formatCents, formatDate, type Locale, type Translate } from "../core/i18n.ts";
import type { CandidatureView } from "../services/candidatures.ts";
import type { ClaimView } from "../services/claim-view.ts";
import type { MesureView } from "../services/mesures.ts";
import type { SituationView } from "../services/situations.ts";

interface Presentation {
  t: Translate;
  locale: Locale;
}

/**
 * Later events of a case, posted in the thread under its card. Like the card, they name the
 * household by its reference only: a decision's text, a reason, an action's wording stay in the
 * private views.
 */
const event = (title: string, tone: Card["tone"] = "info"): Card => card(title, { visibility: "channel", tone });

export function candidatureDecidedEvent(view: CandidatureView, p: Presentation): Card {
  return event(
    p.t("cards:thread.candidature_decided", {
      ref: view.reference,
      status: p.t(`common:candidature_status.${view.status}`),
      by: view.decidedBy ?? "?",
    }),
    view.status === "validee" ? "success" : "warning",
  );
}

export function mesureOpenedEvent(view: MesureView, p: Presentation): Card {
  return event(
    p.t("cards:thread.mesure_opened", {
      ref: view.candidatureRef,
      mesure: view.reference,
      date: formatDate(view.entryDate, p.locale),
    }),
    "success",
  );
}

export function situationDecisionEvent(view: SituationView, p: Presentation): Card {
  const last = view.decisions.at(-1);
  return event(
    p.t("cards:thread.situation_decision", { ref: view.reference, count: view.decisions.length, by: last?.by ?? "?" }),
  );
}

export function actionEvent(
  view: SituationView,
  number: number,
  kind: "added" | "done" | "reassigned",
  p: Presentation,
): Card {
  const action = view.actions.find((a) => a.number === number);
  return event(
    p.t(`cards:thread.action_${kind}`, {
      ref: view.reference,
      number,
      owner: action ? mention(action.ownerId) : "?",
      date: action ? formatDate(action.dueDate, p.locale) : "?",
    }),
    kind === "done" ? "success" : "info",
  );
}

export function situationClosedEvent(view: SituationView, p: Presentation): Card {
  return event(
    p.t("cards:thread.situation_closed", {
      ref: view.reference,
      outcome: view.outcome ? p.t(`common:situation_outcome.${view.outcome}`) : "?",
    }),
    "success",
  );
}

/** A claim's step: submitted, instructed, incomplete, accepted, rejected, paid (amounts, never texts). */
export function claimStepEvent(view: ClaimView, p: Presentation): Card {
  const paid = view.status === "payee" || view.status === "partiellement_payee" ? view.payments.at(-1) : undefined;
  const cents = view.status === "acceptee" ? view.acceptedCents : (paid?.cents ?? null);
  return event(
    p.t("cards:thread.claim_step", {
      ref: view.reference,
      status: p.t(`common:claim_status.${view.status}`),
      amount: cents === null ? "" : ` · ${formatCents(cents, p.locale)}`,
      date: paid ? ` · ${formatDate(paid.date, p.locale)}` : "",
    }),
    view.status === "rejetee" ? "error" : view.status === "payee" ? "success" : "info",
  );
}
