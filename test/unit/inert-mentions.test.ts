import { describe, expect, it } from "vitest";
import { MENTION_FORMS } from "../support/privacy-forms.ts";
import { card, mention, mentionedIds, type Card } from "../../src/core/card.ts";
import { renderCardText } from "../../src/platforms/console/render.ts";
import { cardToDiscord, inertDiscordText } from "../../src/platforms/discord/render.ts";
import { cardToBlockKit, inertSlackText } from "../../src/platforms/slack/render.ts";

const more = (n: number) => `+${n}`;

/** The text of every Slack text object of a kind, wherever it sits in the blocks. */
function textObjects(value: unknown, type: "mrkdwn" | "plain_text"): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => textObjects(v, type));
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === type && typeof record.text === "string" ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap((v) => textObjects(v, type))];
}

function everywhere(text: string): Card {
  return card(`Titre ${text}`, {
    visibility: "channel",
    fields: [{ label: `Bailleur ${text}`, value: `Valeur ${text}` }],
    lines: [`Ligne ${text}`],
    footer: `Pied ${text}`,
    buttons: [{ label: `Bouton ${text}`, command: "mesure.voir", args: { ref: "M-2026-001" } }],
  });
}

describe("member text cannot mention anyone", () => {
  it("knows 24 forms", () => expect(MENTION_FORMS).toHaveLength(24));

  it.each(MENTION_FORMS)("Slack: %s stays inert in every field, the top-level text included", (form) => {
    const message = cardToBlockKit(everywhere(form), more);
    const mrkdwn = textObjects(message.blocks, "mrkdwn");
    expect(mrkdwn.length).toBeGreaterThanOrEqual(3);
    // No Slack control sequence where Slack reads them: every "<" the member typed is escaped.
    for (const text of [message.text, ...mrkdwn]) {
      expect(text).not.toMatch(/<|>/);
      expect(text).not.toMatch(/@(here|channel|everyone)\b/i);
    }
    // Plain text (header, button labels) is never parsed for mentions by Slack: shown as typed.
    expect(textObjects(message.blocks, "plain_text").join(" ")).toContain(form);
    for (const block of message.blocks.filter((b) => b.type === "section"))
      expect(JSON.stringify(block)).toContain('"verbatim":true');
  });

  it.each(MENTION_FORMS)("Discord: %s stays inert and notifies nobody", (form) => {
    const message = cardToDiscord(everywhere(form), more);
    const json = JSON.stringify(message.embeds);
    expect(json).not.toMatch(/<[@#/:]|<t:|<a:|@(everyone|here)\b/);
    expect(message.allowedMentions).toEqual({ parse: [], users: [] });
  });

  it("keeps the typed text readable", () => {
    expect(inertSlackText("loyer & charges <!here>")).toBe("loyer &amp; charges &lt;!here&gt;");
    expect(inertDiscordText("<@123> et @everyone")).toBe("<\u200b@123> et @\u200beveryone");
    expect(renderCardText(everywhere("⟦@U024BE7LH⟧"), (k) => k)).toContain("Ligne ⟦@U024BE7LH⟧");
  });
});

describe("mentions the code makes from a resolved member", () => {
  const chosen = card("Actions en retard", {
    visibility: "channel",
    lines: [`Relancer le FSL — ${mention("U024BE7LH")}`, "<@U999> tapé par un membre"],
    fields: [{ label: "Suivi", value: mention("123456789012345678") }],
  });

  it("become real mentions on Slack, and nothing else does", () => {
    const json = JSON.stringify(cardToBlockKit(chosen, more));
    expect(json).toContain("<@U024BE7LH>");
    expect(json).toContain("&lt;@U999&gt;");
  });

  it("are the only members Discord may notify", () => {
    const message = cardToDiscord(chosen, more);
    expect(message.allowedMentions).toEqual({ parse: [], users: ["U024BE7LH", "123456789012345678"] });
    expect(JSON.stringify(message.embeds)).toContain("<@123456789012345678>");
    expect(JSON.stringify(message.embeds)).toContain("<\u200b@U999>");
  });

  it("show as @id in the console", () => {
    expect(renderCardText(chosen, (k) => k)).toContain("Relancer le FSL — @U024BE7LH");
  });

  it("cannot be forged by typing the marker, nor made from something that is not a member id", () => {
    expect(mentionedIds(["⟦@U024BE7LH⟧", "⟦@x:U1⟧"])).toEqual([]);
    expect(mentionedIds([mention("U1")])).toEqual(["U1"]);
    expect(() => mention("<!here>")).toThrow();
  });
});
