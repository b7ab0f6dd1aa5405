import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import type { Card } from "../../src/core/card.ts";
import { I18n } from "../../src/core/i18n.ts";
import { Registry } from "../../src/core/registry.ts";
import { decodeButton, encodeButton } from "../../src/platforms/slack/button-payload.ts";
import {
  SLACK_MAX_BLOCKS,
  SLACK_MAX_FIELDS_PER_SECTION,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_TEXT,
} from "../../src/platforms/slack/limits.ts";
import { slackManifest } from "../../src/platforms/slack/manifest.ts";
import { buildModal, readModalValues } from "../../src/platforms/slack/modal.ts";
import { cardToBlockKit } from "../../src/platforms/slack/render.ts";

const more = (n: number) => `+${n} more`;
type Block = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type: string; text?: { text: string }; value?: string; style?: string; action_id?: string }[];
};

describe("Block Kit renderer", () => {
  it("renders title, fields, lines, buttons and footer as their own blocks", () => {
    const card: Card = {
      title: "Candidature C-2026-001",
      tone: "success",
      visibility: "channel",
      fields: [{ label: "Ménage", value: "M-2026-001" }],
      lines: ["première ligne", "a < b & c"],
      buttons: [
        {
          label: "Valider",
          command: "candidature.decider",
          args: { ref: "C-2026-001", decision: "validee" },
          style: "primary",
        },
      ],
      footer: "pied",
    };
    const { text, blocks } = cardToBlockKit(card, more) as unknown as { text: string; blocks: Block[] };
    expect(text).toBe("Candidature C-2026-001");
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions", "context"]);
    expect(blocks[0]!.text!.text).toBe("✅ Candidature C-2026-001");
    expect(blocks[1]!.fields![0]!.text).toBe("*Ménage*\nM-2026-001");
    expect(blocks[2]!.text!.text).toBe("première ligne\na &lt; b &amp; c");
    const button = blocks[3]!.elements![0]!;
    expect(button).toMatchObject({ type: "button", action_id: "btn:0", style: "primary", text: { text: "Valider" } });
    expect(decodeButton(button.value)).toEqual({
      c: "candidature.decider",
      a: { ref: "C-2026-001", decision: "validee" },
    });
  });

  it("keeps within Slack's limits: fields per section, text length, header length", () => {
    const card: Card = {
      title: "x".repeat(400),
      visibility: "private",
      fields: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: "v" })),
      lines: Array.from({ length: 200 }, () => "y".repeat(100)),
    };
    const { blocks } = cardToBlockKit(card, more) as unknown as { blocks: Block[] };
    expect(blocks[0]!.text!.text.length).toBeLessThanOrEqual(SLACK_MAX_HEADER_TEXT);
    expect(blocks[0]!.text!.text.endsWith("…")).toBe(true);
    const sections = blocks.filter((b) => b.fields);
    expect(sections.map((s) => s.fields!.length)).toEqual([
      SLACK_MAX_FIELDS_PER_SECTION,
      SLACK_MAX_FIELDS_PER_SECTION,
      3,
    ]);
    for (const b of blocks.filter((b) => b.type === "section" && b.text))
      expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_MAX_SECTION_TEXT);
  });

  it("cuts an over-long card visibly and keeps its buttons", () => {
    const card: Card = {
      title: "Long",
      visibility: "private",
      lines: Array.from({ length: 80 }, (_, i) => `${i} ${"z".repeat(2990)}`),
      buttons: [{ label: "Ouvrir", command: "mesure.voir", args: { ref: "IML-2026-001" } }],
    };
    const { blocks } = cardToBlockKit(card, more) as unknown as { blocks: Block[] };
    expect(blocks).toHaveLength(SLACK_MAX_BLOCKS);
    expect(blocks.at(-1)!.type).toBe("actions");
    const marker = blocks.at(-2)!;
    expect(marker.type).toBe("context");
    expect(marker.elements![0]).toMatchObject({ type: "mrkdwn", text: "+33 more" });
  });

  it("refuses forged or malformed button values", () => {
    expect(decodeButton("not json")).toBeNull();
    expect(decodeButton(JSON.stringify({ c: "config quota", a: {} }))).toBeNull();
    expect(decodeButton(JSON.stringify({ c: "mesure.voir", a: { ref: 3 } }))).toBeNull();
    expect(decodeButton(42)).toBeNull();
    const button = { label: "x", command: "mesure.voir", args: { ref: "IML-1" }, ask: ["motif"] };
    expect(decodeButton(encodeButton(button))).toEqual({ c: "mesure.voir", a: { ref: "IML-1" }, k: ["motif"] });
  });
});

describe("Slack forms and manifest", () => {
  const registry = new Registry(commands);
  const i18n = I18n.create();

  it("builds a modal from the command's schema and reads it back", () => {
    const entry = registry.get("mesure.ouvrir")!;
    const modal = buildModal(entry, registry.optionSpecs(entry), i18n.translator("fr"), { ch: "C1", a: {} }) as {
      blocks: { block_id: string; optional: boolean; element: { type: string; options?: { value: string }[] } }[];
    };
    expect(modal.blocks.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ["candidature", "plain_text_input", false],
      ["entree", "datepicker", true],
      ["bailleur", "plain_text_input", false],
      ["parc", "static_select", false],
      ["proprietaire", "plain_text_input", true],
    ]);
    expect(modal.blocks[3]!.element.options!.map((o) => o.value)).toEqual(["public", "prive"]);
    expect(
      readModalValues({
        candidature: { value: { value: "C-2026-001" } },
        entree: { value: { selected_date: "2026-03-01" } },
        parc: { value: { selected_option: { value: "prive" } } },
        bailleur: { value: { value: null } },
      }),
    ).toEqual({ candidature: "C-2026-001", entree: "2026-03-01", parc: "prive" });
    expect(readModalValues("junk")).toBeNull();
  });

  it("offers several values of a list as a multi-select, read back as one comma-joined value", () => {
    const entry = registry.get("bilan.enregistrer")!;
    const modal = buildModal(entry, registry.optionSpecs(entry), i18n.translator("fr"), { ch: "C1", a: {} }) as {
      blocks: { block_id: string; element: { type: string; options?: { value: string }[] } }[];
    };
    const freins = modal.blocks.find((b) => b.block_id === "freins")!;
    expect(freins.element.type).toBe("multi_static_select");
    expect(freins.element.options!.map((o) => o.value)).toContain("droit_au_sejour");
    expect(
      readModalValues({ freins: { value: { selected_options: [{ value: "dettes" }, { value: "sante" }] } } }),
    ).toEqual({ freins: "dettes,sante" });
  });

  it("lists every top-level command in the manifest, with the events URL", () => {
    const manifest = slackManifest(registry, i18n, "https://bot.example.org/") as {
      features: { slash_commands: { command: string; url: string }[] };
      settings: { interactivity: { request_url: string }; socket_mode_enabled: boolean };
    };
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(registry.modules.map((m) => `/${m.name}`));
    expect(new Set(manifest.features.slash_commands.map((c) => c.url))).toEqual(
      new Set(["https://bot.example.org/slack/events"]),
    );
    expect(manifest.settings.interactivity.request_url).toBe("https://bot.example.org/slack/events");
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(
      (slackManifest(registry, i18n) as { settings: { socket_mode_enabled: boolean } }).settings.socket_mode_enabled,
    ).toBe(true);
  });
});
