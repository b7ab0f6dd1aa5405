import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { createSlackAdapter, type SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { testApp } from "../support/app.ts";
import { setUp } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { buttonClick, deposerState, eventually, FakeSlack } from "../support/fake-slack.ts";
import { FakeSlackSocket } from "../support/fake-slack-socket.ts";

type View = { id: string; callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
const text = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Socket Mode through Bolt's own SocketModeReceiver and Slack's SocketModeClient, against a
 * stand-in for apps.connections.open and its WebSocket: the workflows of HTTP mode, and nothing
 * lost or run twice when Slack refreshes the connection or the network drops it.
 */
describe("Slack Socket Mode: the real Bolt receiver against a Socket Mode stand-in", () => {
  const slack = new FakeSlack();
  const socket = new FakeSlackSocket(slack);
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let n = 0;

  /** A slash command envelope's payload, as Slack sends it over the socket. */
  function command(user: string, name: string, commandText: string): { payload: Record<string, unknown>; url: string } {
    const url = `${slack.url}/respond/socket-${++n}`;
    return {
      url,
      payload: {
        token: "legacy",
        team_id: "T1",
        team_domain: "territoire-test",
        channel_id: "C-GENERAL",
        channel_name: "general",
        user_id: user,
        user_name: user.toLowerCase(),
        command: name,
        text: commandText,
        api_app_id: "A1",
        is_enterprise_install: "false",
        response_url: url,
        trigger_id: `trigger-socket-${n}`,
      },
    };
  }
  const answersTo = (url: string) => slack.responses.filter((r) => url.endsWith(r.path));

  beforeAll(async () => {
    await slack.start();
    await socket.start();
    slack.users = {
      UADMIN: { is_admin: true, locale: "fr-FR" },
      UCCAS: { locale: "fr-FR" },
      USIAO: { locale: "fr-FR" },
    };
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    adapter = createSlackAdapter(
      { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: `${slack.url}/api/`, port: 0 },
      {
        dispatcher: app.dispatcher,
        registry: app.registry,
        identity: app.services.identity,
        i18n: app.i18n,
        logger: pino({ level: "silent" }),
      },
    );
    expect(await adapter.start()).toBeNull();
    await setUp(app, { platform: "slack", territoryExternalId: "T1", userExternalId: "UADMIN" }, [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 3",
      "/config role user:UCCAS ccas",
      "/config role user:USIAO siao",
      "/config canal siao C-SIAO",
    ]);
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await socket.stop();
    await slack.stop();
  });

  it("connects through apps.connections.open at SLACK_API_URL and is greeted", () => {
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
    expect(socket.connections).toBe(1);
  });

  it("runs commands, forms and buttons, acknowledging each envelope by its id", async () => {
    const mesures = command("UCCAS", "/mesures", "");
    const id = socket.deliver("slash_commands", mesures.payload);
    await eventually(() => socket.ackFor(id));
    expect(text((await eventually(() => answersTo(mesures.url)[0])).body)).toContain("3 approuvées");

    const opened = slack.callsTo("views.open").length;
    socket.deliver("slash_commands", command("UCCAS", "/candidature", "deposer").payload);
    const view = (await eventually(() => slack.callsTo("views.open")[opened])).args.view as View;
    const submission = (viewId: string, menage: string) => ({
      type: "view_submission",
      team: { id: "T1", domain: "territoire-test" },
      user: { id: "UCCAS", name: "uccas" },
      api_app_id: "A1",
      view: {
        ...view,
        id: viewId,
        state: deposerState({ menage: { value: { type: "plain_text_input", value: menage } } }),
      },
    });
    const bad = socket.deliver("interactive", submission("V1", "Mme Martin"));
    expect((await eventually(() => socket.ackFor(bad))).payload).toMatchObject({
      response_action: "errors",
      errors: { menage: expect.stringContaining("menage") },
    });
    const good = socket.deliver("interactive", submission("V2", "nouveau"));
    expect((await eventually(() => socket.ackFor(good))).payload).toEqual({});
    const card = await eventually(() => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C-SIAO"));
    expect(text(card.args.blocks)).toContain("Candidature C-2026-001");

    const validate = JSON.stringify({ c: "candidature.decider", a: { ref: "C-2026-001", decision: "validee" } });
    const click = socket.deliver("interactive", {
      ...buttonClick({
        user: "USIAO",
        channel: "C-SIAO",
        value: validate,
        responseUrl: `${slack.url}/respond/click-1`,
        trigger: "trigger-click-1",
        actionTs: "1772442000.1",
      }),
      api_app_id: "A1",
    });
    await eventually(() => socket.ackFor(click));
    const update = await eventually(() => slack.callsTo("chat.update")[0]);
    expect(text(update.args.blocks)).toContain("validée");
  });

  it("acknowledges a command it does not know and says so, in the member's language", async () => {
    const unknown = command("UCCAS", "/inconnue", "");
    const id = socket.deliver("slash_commands", unknown.payload);
    await eventually(() => socket.ackFor(id));
    expect(text((await eventually(() => answersTo(unknown.url)[0])).body)).toContain(
      "La commande /inconnue n'existe pas. Tapez /aide",
    );
  });

  it("runs an envelope Slack sends again once only, whatever copy arrives", async () => {
    const quota = command("UADMIN", "/config", "quota dalo 2027 4");
    const audits = () => app.database.prisma.auditEvent.count({ where: { action: "quota.set" } });
    const before = await audits();
    const id = socket.deliver("slash_commands", quota.payload);
    await eventually(() => answersTo(quota.url)[0]);
    socket.redeliver(id, { type: "slash_commands", payload: quota.payload, accepts_response_payload: true });
    await eventually(() => socket.acks.filter((a) => a.envelope_id === id).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await audits()).toBe(before + 1);
    expect(answersTo(quota.url)).toHaveLength(1);
  });

  it("reconnects when Slack refreshes the connection; what was sent meanwhile arrives once", async () => {
    const reconnected = socket.nextConnection();
    socket.disconnect("warning");
    socket.disconnect("refresh_requested");
    await eventually(() => !socket.open);
    const during = command("UCCAS", "/mesures", "");
    socket.deliver("slash_commands", during.payload);
    await reconnected;
    expect(slack.callsTo("apps.connections.open")).toHaveLength(2);
    expect(text((await eventually(() => answersTo(during.url)[0], 10_000)).body)).toContain("approuvées");
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo(during.url)).toHaveLength(1);
  }, 20_000);

  it("reconnects after a dropped socket and runs the envelope the drop cut off, once", async () => {
    const reconnected = socket.nextConnection();
    socket.drop();
    // Sent into the dead connection: Slack delivers it again on the next one, as a retry.
    const lost = command("UADMIN", "/config", "quota dalo 2028 5");
    socket.deliver("slash_commands", lost.payload);
    await reconnected;
    const answer = await eventually(() => answersTo(lost.url)[0], 10_000);
    expect(text(answer.body)).not.toContain("Impossible");
    const quota = await app.database.prisma.quota.findMany({ where: { year: 2028 } });
    expect(quota.map((q) => q.approved)).toEqual([5]);
    await new Promise((r) => setTimeout(r, 300));
    expect(answersTo(lost.url)).toHaveLength(1);
  }, 20_000);
});
