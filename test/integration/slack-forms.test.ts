import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { slackBlockProblems } from "../../src/platforms/slack/limits.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { testApp } from "../support/app.ts";
import { SLACK_SECRET as SECRET, setUp, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { buttonClick, eventually, FakeSlack, interaction, postToBot, slashCommand } from "../support/fake-slack.ts";

type View = {
  callback_id: string;
  private_metadata: string;
  blocks: {
    block_id: string;
    optional?: boolean;
    label: { text: string };
    hint?: { text: string };
    element: { options?: { text: { text: string }; value: string }[] };
  }[];
};

describe("Slack forms and typed text, as members use them", () => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";

  async function slash(user: string, command: string, text: string): Promise<void> {
    const url = `${slack.url}/respond/${Math.random().toString(36).slice(2)}`;
    const result = await postToBot(bot, SECRET, slashCommand({ command, text, user, responseUrl: url }));
    expect(result.status).toBe(200);
    await eventually(() => slack.responses.find((r) => url.endsWith(r.path)));
  }

  async function openedForm(before: number): Promise<View> {
    return (await eventually(() => slack.callsTo("views.open")[before])).args.view as View;
  }

  beforeAll(async () => {
    await slack.start();
    slack.users = {
      UADMIN: { is_admin: true, locale: "fr-FR", real_name: "Admin" },
      USIAO: { locale: "fr-FR", real_name: "Commission" },
      UCCAS: { locale: "en-GB", real_name: "Coordinator" },
    };
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
    await setUp(app, { platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 3",
      "/config role user:UCCAS ccas",
      "/config role user:USIAO siao",
    ]);
    await setUp(app, { platform: "slack", territoryExternalId: "T1", userExternalId: "UCCAS", platformAdmin: false }, [
      "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Prête à sortir.",
    ]);
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("stores &, < and > as the member typed them, not as Slack escaped them", async () => {
    await slash("UADMIN", "/config", 'dispositif sl "Logement &amp; accompagnement &lt;IML&gt;"');
    const stored = await app.database.prisma.dispositif.findFirstOrThrow({ where: { code: "sl" } });
    expect(stored.name).toBe("Logement & accompagnement <IML>");
  });

  it("shows each choice by its label, in the member's language", async () => {
    const before = slack.callsTo("views.open").length;
    await postToBot(
      bot,
      SECRET,
      slashCommand({ command: "/candidature", text: "deposer", user: "UCCAS", responseUrl: `${slack.url}/respond/x` }),
    );
    const view = await openedForm(before);
    const publics = view.blocks.find((b) => b.block_id === "public")!;
    expect(publics.label.text).toBe("Public");
    expect(publics.element.options!.find((o) => o.value === "femme_victime_violences")!.text.text).toBe(
      "woman victim of violence",
    );
    const note = view.blocks.find((b) => b.block_id === "note")!;
    expect(note.hint!.text).toContain("no name");
    expect(slackBlockProblems(view.blocks, 100)).toEqual([]);
  });

  it("keeps a refusal's form open with the error on the reason when it is left blank", async () => {
    const before = slack.callsTo("views.open").length;
    await postToBot(
      bot,
      SECRET,
      interaction(
        buttonClick({
          user: "USIAO",
          channel: "C-SIAO",
          responseUrl: `${slack.url}/respond/click`,
          value: JSON.stringify({
            c: "candidature.decider",
            a: { ref: "C-2026-001", decision: "refusee" },
            k: ["motif"],
          }),
          actionTs: "1",
        }),
      ),
    );
    const view = await openedForm(before);
    expect(view.blocks.map((b) => [b.block_id, b.optional])).toEqual([["motif", false]]);
    const submit = (id: string, motif: string | null) =>
      postToBot(
        bot,
        SECRET,
        interaction({
          type: "view_submission",
          team: { id: "T1", domain: "territoire-test" },
          user: { id: "USIAO", name: "usiao" },
          view: {
            id,
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            blocks: view.blocks,
            state: { values: { motif: { value: { type: "plain_text_input", value: motif } } } },
          },
        }),
      );
    const empty = await submit("V-empty", null);
    expect(JSON.parse(empty.text)).toEqual({
      response_action: "errors",
      errors: { motif: expect.stringContaining("Un refus demande un motif") },
    });
    const spaces = await submit("V-spaces", "   ");
    expect(JSON.parse(spaces.text)).toEqual({
      response_action: "errors",
      errors: { motif: expect.stringContaining("« motif »") },
    });
    expect((await app.database.prisma.candidature.findFirstOrThrow()).status).toBe("soumise");
    const done = await submit("V-ok", "Hors critères du dispositif.");
    expect(done.text).toBe("");
    await eventually(async () => (await app.database.prisma.candidature.findFirstOrThrow()).status === "refusee");
  });
});
