import { describe, expect, it } from "vitest";
import type { Card } from "../../src/core/card.ts";
import {
  CustomIdTooLong,
  decodeButtonId,
  decodeNonce,
  encodeButtonId,
  FORM_PREFIX,
} from "../../src/platforms/discord/custom-id.ts";
import {
  DISCORD_CUSTOM_ID_MAX_LENGTH,
  DISCORD_MAX_EMBED_FIELDS,
  DISCORD_MAX_EMBED_TITLE,
  DISCORD_MAX_EMBEDS,
  DISCORD_MAX_FIELD_VALUE,
  embedCharacters,
  messageProblems,
} from "../../src/platforms/discord/limits.ts";
import { cardToDiscord } from "../../src/platforms/discord/render.ts";

const more = (n: number) => `+${n} more`;

describe("Discord renderer", () => {
  it("renders a card as one embed with fields, description, footer and button rows", () => {
    const card: Card = {
      title: "Candidature C-2026-001",
      tone: "warning",
      visibility: "channel",
      fields: [{ label: "Ménage", value: "M-2026-001", inline: true }],
      lines: ["a", "b"],
      footer: "pied",
      buttons: [
        {
          label: "Valider",
          command: "candidature.decider",
          args: { ref: "C-2026-001", decision: "validee" },
          style: "primary",
        },
        {
          label: "Refuser",
          command: "candidature.decider",
          args: { ref: "C-2026-001", decision: "refusee" },
          ask: ["motif"],
          style: "danger",
        },
        { label: "Détails", command: "candidature.voir", args: { ref: "C-2026-001" } },
      ],
    };
    const message = cardToDiscord(card, more);
    expect(message.embeds).toEqual([
      {
        title: "Candidature C-2026-001",
        color: 0xd98c00,
        description: "a\nb",
        fields: [{ name: "Ménage", value: "M-2026-001", inline: true }],
        footer: { text: "pied" },
      },
    ]);
    expect(message.components).toHaveLength(1);
    expect(message.components[0]!.components.map((b) => [b.style, b.label, b.custom_id])).toEqual([
      [1, "Valider", "b|candidature.decider|ref=C-2026-001&decision=validee|"],
      [4, "Refuser", "b|candidature.decider|ref=C-2026-001&decision=refusee|motif"],
      [2, "Détails", "b|candidature.voir|ref=C-2026-001|"],
    ]);
  });

  it("counts Discord's 6,000 characters over the whole message, cuts long texts and says what was left out", () => {
    const card: Card = {
      title: "t".repeat(300),
      visibility: "private",
      lines: ["d".repeat(5000)],
      fields: Array.from({ length: 300 }, (_, i) => ({ label: `f${i}`, value: "v".repeat(2000) })),
      footer: "marker",
    };
    const message = cardToDiscord(card, more);
    const { embeds } = message;
    expect(embeds[0]!.title!.length).toBe(DISCORD_MAX_EMBED_TITLE);
    expect(embeds[0]!.description!.length).toBe(4096);
    expect(embedCharacters(embeds)).toBeLessThanOrEqual(6000);
    for (const embed of embeds)
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(DISCORD_MAX_FIELD_VALUE);
    const shown = embeds.reduce((n, e) => n + (e.fields?.length ?? 0), 0);
    expect(shown).toBe(1);
    expect(embeds.at(-1)!.footer!.text).toBe(`marker\n+${300 - shown} more`);
    expect(messageProblems(message)).toEqual([]);
  });

  it("spreads many short fields over embeds of 25, ten embeds at most", () => {
    const card: Card = {
      title: "x",
      visibility: "private",
      fields: Array.from({ length: 300 }, (_, i) => ({ label: `f${i}`, value: "v" })),
    };
    const message = cardToDiscord(card, more);
    expect(message.embeds.length).toBe(DISCORD_MAX_EMBEDS);
    for (const embed of message.embeds) expect(embed.fields!.length).toBeLessThanOrEqual(DISCORD_MAX_EMBED_FIELDS);
    expect(message.embeds.at(-1)!.footer!.text).toBe(`+${300 - 250} more`);
    expect(messageProblems(message)).toEqual([]);
  });

  it("keeps at most 5 buttons a row and 5 rows", () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({
      label: `b${i}`,
      command: "mesure.voir",
      args: { ref: `IML-2026-${i}` },
    }));
    const { components } = cardToDiscord({ title: "x", visibility: "private", buttons }, more);
    expect(components.map((row) => row.components.length)).toEqual([5, 5, 5, 5, 5]);
  });
});

describe("Discord custom ids", () => {
  it("round-trips a button and refuses what does not parse", () => {
    const id = encodeButtonId({
      label: "x",
      command: "candidature.decider",
      args: { ref: "C-2026-001", decision: "ajournee" },
      ask: ["motif"],
    });
    expect(decodeButtonId(id)).toEqual({
      command: "candidature.decider",
      args: { ref: "C-2026-001", decision: "ajournee" },
      ask: ["motif"],
    });
    expect(decodeButtonId("b|Config Quota||")).toBeNull();
    expect(decodeButtonId("x|mesure.voir|ref=1|")).toBeNull();
    expect(decodeButtonId("b|mesure.voir|ref=1")).toBeNull();
    expect(decodeNonce(`${FORM_PREFIX}0123456789abcdef`, FORM_PREFIX)).toBe("0123456789abcdef");
    expect(decodeNonce(`${FORM_PREFIX}../../etc`, FORM_PREFIX)).toBeNull();
  });

  it("refuses a button whose id would pass Discord's 100 characters, with a fix-it message", () => {
    const button = {
      label: "Trop",
      command: "candidature.decider",
      args: { ref: "C".repeat(60), decision: "refusee" },
    };
    expect(() => encodeButtonId(button)).toThrow(CustomIdTooLong);
    expect(() => encodeButtonId(button)).toThrow(`Discord allows ${DISCORD_CUSTOM_ID_MAX_LENGTH}`);
  });
});
