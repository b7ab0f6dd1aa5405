import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { digestCards } from "../../src/cards/digest.ts";
import type { Card } from "../../src/core/card.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { LOCALES } from "../../src/core/i18n.ts";
import type { Reminder, ReminderKind } from "../../src/domain/reminders.ts";
import { renderForDiscord } from "../../src/platforms/discord/discord-port.ts";
import { buildDiscordModal } from "../../src/platforms/discord/modal.ts";
import { SLACK_LIMITS, slackBlockProblems, slackMessageProblems } from "../../src/platforms/slack/limits.ts";
import { buildModal } from "../../src/platforms/slack/modal.ts";
import { renderForSlack } from "../../src/platforms/slack/slack-port.ts";
import { identity, recordingPort, run, testApp } from "../support/app.ts";
import { setUp } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { messageProblems, modalProblems } from "../support/discord-rules.ts";

/** Plain French prose of exactly `length` characters: no name, number or address in it. */
function prose(length: number): string {
  const text = "Relance faite auprès du bailleur, accompagnement renforcé et suivi du budget. ".repeat(
    Math.ceil(length / 70),
  );
  return text.slice(0, length).trimEnd().padEnd(length, ".");
}

/**
 * The largest payloads the data model allows (every free text at its maximum, a situation with
 * its history, a full digest), rendered for each platform in each language and checked against
 * what Slack and Discord accept.
 */
describe("no payload over a platform's limits, on the largest real cards", () => {
  let db: TestDatabase;
  let app: App;
  const cards: { label: string; card: Card }[] = [];
  const port = recordingPort();
  const territory = { platform: "discord" as const, territoryExternalId: "G-BIG" };

  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    await setUp(app, { ...territory, userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 50",
      "/config role user:UBIG ccas",
      "/config role user:UBIG siao",
      "/config role user:UBIG comite",
      "/config role user:UBIG finance",
      "/config canal siao C-SIAO",
      "/config canal comite C-COMITE",
      "/config canal ccas C-CCAS",
      "/config canal finance C-FIN",
      `/config bailleur ajouter "${prose(80)}" public`,
    ]);
    const writes = [
      `/candidature deposer nouveau dalo femme_victime_violences pension_de_famille inferieures_smic oui famille_monoparentale ${prose(500)}`,
      `/candidature decider C-2026-001 ajournee "${prose(300)}"`,
      `/situation ajouter nouveau "${prose(80)}" precarite_energetique immediate ${prose(600)}`,
      ...Array.from({ length: 30 }, () => `/situation decision S-2026-001 ${prose(500)}`),
      ...Array.from({ length: 20 }, () => `/situation action S-2026-001 "${prose(300)}" user:UBIG 2026-04-30`),
      `/securisation declarer cas_atypique 1000000 menage:M-2026-001 logement:"${prose(40)}" justification:"${prose(600)}"`,
    ];
    const reads = [
      "/situation voir S-2026-001",
      "/candidature voir C-2026-001",
      "/aide",
      "/config voir",
      "/rappels",
      "/situation liste",
      "/candidature liste",
    ];
    for (const locale of LOCALES) {
      const member = identity({ ...territory, userExternalId: "UBIG", platformAdmin: true, locale });
      for (const line of locale === "fr" ? [...writes, ...reads] : reads) {
        const reply = await run(app, member, line, port);
        const failed = reply.title === app.i18n.translator(locale)("common:error_title");
        expect(failed, `${line.slice(0, 60)}: ${reply.lines?.join(" ").slice(0, 300)}`).toBe(false);
        cards.push({ label: `${locale} ${line.slice(0, 40)}`, card: reply });
      }
    }
    for (const posted of port.posts) cards.push({ label: `posted in ${posted.channelId}`, card: posted.card });
    for (const update of port.updates) cards.push({ label: "updated", card: update.card });
    const kinds: ReminderKind[] = [
      "bilan_soon",
      "bilan_overdue",
      "suivi_due",
      "suivi_overdue",
      "candidature_waiting",
      "action_overdue",
      "advance_overdue",
      "claim_incomplete",
    ];
    // Each household twice (its bilan and its follow-up, say), as real digests have them.
    const reminders: Reminder[] = Array.from({ length: 40 }, (_, n) => n)
      .map((n) => ({ n, i: Math.floor(n / 2) }))
      .map(({ n, i }) => ({
        key: `k${n}`,
        kind: kinds[n % kinds.length] ?? "bilan_soon",
        purpose: "ccas",
        subjectRef: `M-2026-${String(10_000 + i)}`,
        dueDate: "2026-03-10",
        label: {
          ref: `M-2026-${String(10_000 + i)}`,
          household: `M-2026-${String(10_000 + i)}`,
          echeance: "glissement_12",
          number: 100_000 + i,
          situation: `S-2026-${String(10_000 + i)}`,
          balanceCents: 99_999_999,
          count: 9,
        },
        mentions: ["123456789012345678", "223456789012345678", "323456789012345678"],
        open: { command: "mesure.voir", args: { ref: `M-2026-${String(10_000 + i)}` } },
      }));
    for (const locale of LOCALES)
      for (const digest of digestCards(reminders, "ccas", "#run-2026-03-02-ccas", app.i18n.translator(locale), locale))
        cards.push({ label: `digest ${locale}`, card: digest });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("built the worst cases it means to check", () => {
    const longest = Math.max(...cards.map((c) => JSON.stringify(c.card).length));
    expect(longest).toBeGreaterThan(15_000);
    expect(cards.filter((c) => c.label.startsWith("digest")).length).toBe(8);
  });

  it("renders every card within Slack's and Discord's limits, in both languages", () => {
    for (const locale of LOCALES) {
      const t = app.i18n.translator(locale);
      for (const { label, card } of cards) {
        expect(slackMessageProblems(renderForSlack(card, t)), label).toEqual([]);
        expect(messageProblems(renderForDiscord(card, t)), label).toEqual([]);
      }
    }
  });

  it("builds every form within Slack's and Discord's limits, in both languages", () => {
    for (const locale of LOCALES) {
      const t = app.i18n.translator(locale);
      for (const entry of app.registry.entries) {
        const specs = app.registry.optionSpecs(entry);
        const view = buildModal(entry, specs, t, { ch: "C-1234567890", a: {} }) as {
          title: { text: string };
          blocks: unknown[];
        };
        expect(view.title.text.length, entry.key).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
        expect(slackBlockProblems(view.blocks, SLACK_LIMITS.blocksPerView), entry.key).toEqual([]);
        // Discord asks at most five texts in a modal: every group of five the command could ask.
        const texts = specs.filter((s) => s.kind !== "boolean").map((s) => s.name);
        for (let i = 0; i < texts.length; i += 5) {
          const modal = buildDiscordModal(entry, specs, texts.slice(i, i + 5), "0123456789abcdef", t, {}, true);
          expect(modalProblems(modal), entry.key).toEqual([]);
        }
      }
    }
  });
});
