import { describe, expect, it } from "vitest";
import { card, mention, mentionedIds, readStoredCard, storeCard } from "../../src/core/card.ts";

describe("cards stored in the outbox", () => {
  const original = card("Rappels", {
    visibility: "channel",
    fields: [{ label: "Actions", value: `A-1 en retard — ${mention("U1")}` }],
    lines: ["⟦@U2⟧ tapé par un membre"],
    buttons: [{ label: "Ouvrir", command: "situation.voir", args: { ref: "S-1" } }],
    footer: "#r-abc",
  });

  it("keeps mentions across a restart without storing this process's secret", () => {
    const stored = storeCard(original);
    expect(stored).not.toContain(mention("U1"));
    const back = readStoredCard(stored);
    expect(back).toEqual(original);
    expect(mentionedIds(back?.fields?.map((f) => f.value) ?? [])).toEqual(["U1"]);
  });

  it("keeps a Matrix member's mention (an id with colons) across a restart", () => {
    const matrix = card("Rappels", {
      visibility: "channel",
      lines: [`suivi par ${mention("@alice:tchap.example:8448")}`],
    });
    const back = readStoredCard(storeCard(matrix));
    expect(back).toEqual(matrix);
    expect(mentionedIds(back?.lines ?? [])).toEqual(["@alice:tchap.example:8448"]);
  });

  it("never turns text that merely looks like a marker into a mention", () => {
    const stored = JSON.parse(storeCard(original)) as { mentionKey: string };
    const forged = card("x", { visibility: "channel", lines: [`⟦@${"0".repeat(12)}:U3⟧`] });
    const back = readStoredCard(JSON.stringify({ card: forged, mentionKey: stored.mentionKey }));
    expect(mentionedIds(back?.lines ?? [])).toEqual([]);
  });

  it("refuses what does not parse", () => {
    expect(readStoredCard("{")).toBeNull();
    expect(readStoredCard(JSON.stringify({ card: { title: 1 }, mentionKey: "k" }))).toBeNull();
  });
});
