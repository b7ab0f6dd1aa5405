import { describe, expect, it } from "vitest";
import { digestCards } from "../../src/cards/digest.ts";
import { mention, readStoredCard, storeCard } from "../../src/core/card.ts";
import { I18n } from "../../src/core/i18n.ts";
import type { Reminder } from "../../src/domain/reminders.ts";

const i18n = I18n.create();

function bilan(ref: string, echeance: string, kind: Reminder["kind"]): Reminder {
  return {
    key: `${kind}:${ref}:${echeance}`,
    kind,
    purpose: "ccas",
    subjectRef: `${ref}.${echeance}`,
    dueDate: "2026-03-10",
    label: { mesure: ref, household: "M-2026-001", echeance, days: 3 },
    mentions: [],
    open: { command: "mesure.voir", args: { ref } },
  };
}

describe("digest snooze buttons", () => {
  const reminders = [
    bilan("IML-2026-001", "bilan_6", "bilan_soon"),
    bilan("IML-2026-001", "suivi", "suivi_due"),
    bilan("IML-2026-002", "bilan_10", "bilan_overdue"),
  ];

  it("name the item and the échéance each one puts off, in the member's language", () => {
    const [fr] = digestCards(reminders, "ccas", "#m", i18n.translator("fr"), "fr");
    const snoozes = (fr?.buttons ?? []).filter((b) => b.command === "rappels.reporter").map((b) => b.label);
    expect(snoozes).toEqual([
      "Reporter IML-2026-002 (bilan à 10 mois) de 2 j",
      "Reporter IML-2026-001 (bilan à 6 mois) de 2 j",
      "Reporter IML-2026-001 (point de suivi) de 2 j",
    ]);
    const [en] = digestCards(reminders, "ccas", "#m", i18n.translator("en"), "en");
    expect(en?.buttons?.find((b) => b.command === "rappels.reporter")?.label).toBe(
      "Snooze IML-2026-002 (10-month bilan) 2 days",
    );
  });

  it("snooze the reminder their label names", () => {
    const [fr] = digestCards(reminders, "ccas", "#m", i18n.translator("fr"), "fr");
    const snooze = fr?.buttons?.find((b) => b.label.includes("point de suivi"));
    expect(snooze?.args).toEqual({ type: "suivi_due", sujet: "IML-2026-001.suivi", jours: "2" });
  });
});

describe("a digest card read back from the outbox", () => {
  // The sender posts the card a run drew rather than the one it stored: the two must be the same.
  it("is the card that was drawn, mentions included", () => {
    const followed = { ...bilan("IML-2026-001", "suivi", "suivi_due"), mentions: ["USTAFF"] };
    const [drawn] = digestCards([followed], "ccas", "#m", i18n.translator("fr"), "fr");
    expect(JSON.stringify(drawn)).toContain(mention("USTAFF"));
    expect(drawn && readStoredCard(storeCard(drawn))).toEqual(drawn);
  });
});
