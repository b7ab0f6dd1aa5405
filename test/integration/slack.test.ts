import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { COMPOSITIONS } from "../../src/domain/vocabulary.ts";
import { identity, run, testApp } from "../support/app.ts";
import { SLACK_SECRET as SECRET, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import {
  buttonClick,
  deposerState,
  eventually,
  FakeSlack,
  interaction,
  postToBot,
  slashCommand,
} from "../support/fake-slack.ts";

function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

describe("Slack: the real Bolt app over HTTP, against a Web API stand-in", () => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";
  const responseUrl = () => `${slack.url}/respond/${Math.random().toString(36).slice(2)}`;
  const responsesTo = (url: string) => slack.responses.filter((r) => url.endsWith(r.path));

  /** Runs a slash command and waits for its answer (`ms`: reports are drawn on their own thread, slower on a busy machine). */
  async function command(user: string, line: string, ms?: number): Promise<Record<string, unknown>> {
    const [name = "", ...rest] = line.split(" ");
    const url = responseUrl();
    const result = await postToBot(
      bot,
      SECRET,
      slashCommand({ command: name, text: rest.join(" "), user, responseUrl: url }),
    );
    expect(result.status).toBe(200);
    return (await eventually(() => responsesTo(url)[0], ms)).body;
  }

  beforeAll(async () => {
    await slack.start();
    slack.users = {
      UADMIN: { is_admin: true, locale: "fr-FR", real_name: "Admin" },
      USIAO: { locale: "fr-FR", real_name: "Commission" },
      UCCAS: { locale: "fr-FR", real_name: "Coordinatrice" },
      UENG: { locale: "en-US" },
    };
    slack.usergroups = [{ id: "S-SIAO", users: ["USIAO"] }];
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url));
    const admin = identity({ platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" });
    for (const line of [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 3",
      "/config role user:UCCAS ccas",
      "/config role groupe:S-SIAO siao",
      "/config canal siao C-SIAO",
    ]) {
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    }
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("rejects unsigned, badly signed and replayed requests without running anything", async () => {
    const body = slashCommand({ command: "/mesures", text: "", user: "UADMIN", responseUrl: responseUrl() });
    const apiCalls = () => slack.calls.filter((c) => c.method !== "auth.test").length;
    const before = apiCalls();
    expect((await postToBot(bot, SECRET, body, { signature: "v0=deadbeef" })).status).toBe(401);
    expect((await postToBot(bot, "another-secret", body)).status).toBe(401);
    expect((await postToBot(bot, SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(
      401,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(apiCalls()).toBe(before);
    expect(slack.responses).toHaveLength(0);
  });

  it("answers a quick command inside Slack's acknowledgement, and a slower one on the response URL", async () => {
    const url = responseUrl();
    const body = slashCommand({ command: "/mesures", text: "", user: "UCCAS", responseUrl: url });
    const ack = await postToBot(bot, SECRET, body, { forwardAckAnswer: false });
    expect(JSON.parse(ack.text)).toMatchObject({ response_type: "ephemeral" });
    expect(ack.text).toContain("3 restantes");
    await new Promise((r) => setTimeout(r, 200));
    expect(responsesTo(url)).toEqual([]); // nothing posted twice
    // A bot that may not hold the acknowledgement at all answers on the response URL instead.
    const slow = await startSlackBot(app, slack.url, { answerInAckMs: 0 });
    try {
      const slowUrl = responseUrl();
      const slowBody = slashCommand({ command: "/mesures", text: "", user: "UCCAS", responseUrl: slowUrl });
      const slowAck = await postToBot(slow.url, SECRET, slowBody, { forwardAckAnswer: false });
      expect(slowAck.text).not.toContain("restantes");
      const answer = await eventually(() => responsesTo(slowUrl)[0]);
      expect(answer.via).toBe("response_url");
      expect(blocksText(answer.body.blocks)).toContain("3 restantes");
    } finally {
      await slow.adapter.stop();
    }
  });

  it("answers every current command, in the member's Slack language", async () => {
    const mesures = await command("UCCAS", "/mesures");
    expect(mesures.response_type).toBe("ephemeral");
    expect(blocksText(mesures.blocks)).toContain("3 approuvées · 0 en cours · 3 restantes");
    expect(blocksText((await command("UENG", "/aide")).blocks)).toContain("You have no role");
    expect(blocksText((await command("UCCAS", "/aide")).blocks)).toContain("/candidature deposer");
    expect(blocksText((await command("UADMIN", "/config voir")).blocks)).toContain("C-SIAO");
    expect(blocksText((await command("UCCAS", "/bilans 30")).blocks)).toContain("Rien d'échu");
    expect(blocksText((await command("UCCAS", "/candidature liste")).blocks)).toContain("Aucune candidature");
    const usage = await command("UADMIN", "/config quota dalo deux 3");
    expect(blocksText(usage.blocks)).toContain("/config quota &lt;dispositif&gt; &lt;annee&gt; &lt;nombre&gt;");
  });

  it("never runs a command twice when Slack retries", async () => {
    const url = responseUrl();
    const body = slashCommand({ command: "/config", text: "quota dalo 2027 4", user: "UADMIN", responseUrl: url });
    const audits = await app.database.prisma.auditEvent.count({ where: { action: "quota.set" } });
    expect((await postToBot(bot, SECRET, body)).status).toBe(200);
    await eventually(() => responsesTo(url)[0]);
    expect((await postToBot(bot, SECRET, body, { retryNum: 1 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(responsesTo(url)).toHaveLength(1);
    expect(await app.database.prisma.auditEvent.count({ where: { action: "quota.set" } })).toBe(audits + 1);
  });

  it("opens a form for a long command, shows field errors, and accepts it once", async () => {
    const opened = slack.callsTo("views.open").length;
    await postToBot(
      bot,
      SECRET,
      slashCommand({ command: "/candidature", text: "deposer", user: "UCCAS", responseUrl: responseUrl() }),
    );
    const call = await eventually(() => slack.callsTo("views.open")[opened]);
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe("form:candidature.deposer");
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      "menage",
      "dispositif",
      "public",
      "hebergement",
      "ressources",
      "budget",
      "composition",
      "note",
    ]);
    const composition = (
      view.blocks as { block_id: string; element?: { type: string; options?: { value: string }[] } }[]
    ).find((b) => b.block_id === "composition");
    expect(composition?.element?.type).toBe("static_select");
    expect(composition?.element?.options?.map((o) => o.value)).toEqual([...COMPOSITIONS]);
    const state = deposerState;
    const submit = (id: string, values: Record<string, unknown>) =>
      postToBot(
        bot,
        SECRET,
        interaction({
          type: "view_submission",
          team: { id: "T1", domain: "territoire-test" },
          user: { id: "UCCAS", name: "uccas" },
          view: {
            id,
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            blocks: view.blocks,
            state: values,
          },
        }),
      );
    const bad = await submit("V1", state({ menage: { value: { type: "plain_text_input", value: "Mme Martin" } } }));
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.text)).toEqual({
      response_action: "errors",
      errors: { menage: expect.stringContaining("ne convient pas pour « menage »") },
    });
    expect(await app.database.prisma.candidature.count()).toBe(0);
    const good = await submit("V2", state({}));
    expect(good.status).toBe(200);
    const posted = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C-SIAO"));
    expect(blocksText(posted.args.blocks)).toContain("Candidature C-2026-001");
    await eventually(() =>
      slack.callsTo("chat.postEphemeral").find((c) => blocksText(c.args.blocks).includes("C-2026-001 déposée")),
    );
    expect((await submit("V2", state({}))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await app.database.prisma.candidature.count()).toBe(1);
  });

  async function click(user: string, value: string): Promise<string> {
    const url = responseUrl();
    const result = await postToBot(
      bot,
      SECRET,
      interaction(buttonClick({ user, channel: "C-SIAO", value, responseUrl: url })),
    );
    expect(result.status).toBe(200);
    return url;
  }

  it("authorizes a button click by role and re-renders the card from the database", async () => {
    const posted = slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C-SIAO")!;
    const actions = (
      posted.args.blocks as { type: string; elements?: { value: string; text: { text: string } }[] }[]
    ).find((b) => b.type === "actions")!;
    const validate = actions.elements!.find((e) => e.text.text === "Valider")!;
    const updates = slack.callsTo("chat.update").length;
    const refusedUrl = await click("UCCAS", validate.value);
    const refused = await eventually(() => responsesTo(refusedUrl)[0]);
    expect(refused.body.response_type).toBe("ephemeral");
    expect(blocksText(refused.body.blocks)).toContain("rôle nécessaire");
    expect((await app.database.prisma.candidature.findFirstOrThrow()).status).toBe("soumise");
    const acceptedUrl = await click("USIAO", validate.value);
    await eventually(() => responsesTo(acceptedUrl)[0]);
    const update = await eventually(() => slack.callsTo("chat.update")[updates]);
    expect(update.args.channel).toBe("C-SIAO");
    expect(update.args.ts).toBe((await app.database.prisma.candidature.findFirstOrThrow()).messageId);
    expect(blocksText(update.args.blocks)).toContain("validée");
    expect(blocksText(update.args.blocks)).not.toContain("Refuser");
    expect((await app.database.prisma.candidature.findFirstOrThrow()).status).toBe("validee");
  });

  it("asks for a reason in a form before refusing, and rejects forged buttons", async () => {
    const opened = slack.callsTo("views.open").length;
    await click(
      "USIAO",
      JSON.stringify({ c: "candidature.decider", a: { ref: "C-2026-001", decision: "refusee" }, k: ["motif"] }),
    );
    const form = await eventually(() => slack.callsTo("views.open")[opened]);
    expect((form.args.view as { blocks: { block_id: string }[] }).blocks.map((b) => b.block_id)).toEqual(["motif"]);
    for (const forged of [
      "not json",
      JSON.stringify({ c: "inexistante.action", a: {} }),
      JSON.stringify({ c: "config quota", a: {} }),
    ]) {
      const url = await click("USIAO", forged);
      expect(blocksText((await eventually(() => responsesTo(url)[0])).body.blocks)).toContain("plus valide");
    }
    // A forged value naming a real command is still only that command, with the clicker's roles.
    const url = await click("USIAO", JSON.stringify({ c: "rgpd.effacer", a: { ref: "M-2026-001", confirmer: "oui" } }));
    expect(blocksText((await eventually(() => responsesTo(url)[0])).body.blocks)).toContain("rôle nécessaire");
  });

  it("survives malformed payloads, unknown commands and unknown action ids", async () => {
    const statuses = [
      (await postToBot(bot, SECRET, "payload=%7Bnot-json")).status,
      (
        await postToBot(
          bot,
          SECRET,
          slashCommand({ command: "/inconnue", text: "", user: "UCCAS", responseUrl: responseUrl() }),
        )
      ).status,
      (
        await postToBot(
          bot,
          SECRET,
          interaction({
            type: "block_actions",
            team: { id: "T1" },
            user: { id: "UCCAS" },
            actions: [{ type: "button", action_id: "other", value: "x" }],
          }),
        )
      ).status,
    ];
    for (const status of statuses) expect([200, 400, 404]).toContain(status);
    // A command Slack sends but the bot does not know (an old manifest) is answered, not left hanging.
    expect(blocksText((await command("UCCAS", "/inconnue")).blocks)).toContain(
      "La commande /inconnue n'existe pas. Tapez /aide",
    );
    expect(blocksText((await command("UCCAS", "/mesures")).blocks)).toContain("approuvées");
  });

  it("delivers a report to the asker's direct messages, or to the coordination channel when asked there", async () => {
    const asked = await command("UCCAS", "/rapport activite 2026", 30_000);
    expect(asked.response_type).toBe("ephemeral");
    const privateUpload = await eventually(() =>
      slack.callsTo("files.completeUploadExternal").find((c) => c.args.channel_id === "D-UCCAS"),
    );
    // The PDF, the CSV, the workbook, and two charts for the one dispositif.
    expect(JSON.parse(String(privateUpload.args.files))).toHaveLength(5);
    expect(slack.uploads.some((u) => u.path.endsWith(".pdf") && u.bytes > 1000)).toBe(true);
    await command("UADMIN", "/config canal ccas C-GENERAL");
    const published = await command("UCCAS", "/rapport activite 2026 canal:oui", 30_000);
    expect(published.response_type).toBe("in_channel");
    const channelUpload = await eventually(() =>
      slack.callsTo("files.completeUploadExternal").find((c) => c.args.channel_id === "C-GENERAL"),
    );
    expect(JSON.parse(String(channelUpload.args.files))).toHaveLength(5);
    const exported = await command("UADMIN", "/rgpd export M-2026-001");
    expect(exported.response_type).toBe("ephemeral");
    await eventually(() => slack.callsTo("conversations.open").find((c) => c.args.users === "UADMIN"));
    await eventually(() => slack.callsTo("files.completeUploadExternal").find((c) => c.args.channel_id === "D-UADMIN"));
    expect(
      slack
        .callsTo("files.completeUploadExternal")
        .some((c) => c.args.channel_id === "C-GENERAL" && String(c.args.files).includes("export")),
    ).toBe(false);
  });

  it("retries a rate-limited post after Retry-After, then succeeds", async () => {
    slack.script("chat.postMessage", () => ({
      status: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    }));
    const before = slack.callsTo("chat.postMessage").length;
    const reply = await command(
      "UCCAS",
      "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Dossier complet.",
    );
    expect(blocksText(reply.blocks)).toContain("Publiée dans C-SIAO");
    expect(slack.callsTo("chat.postMessage").length).toBe(before + 2);
    const stored = await app.database.prisma.candidature.findFirstOrThrow({ where: { reference: "C-2026-002" } });
    expect(stored.messageId).toBe(slack.messagesIn("C-SIAO").at(-1)?.ts);
  });
});
