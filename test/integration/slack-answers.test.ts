import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { RESPONSE_URL_ATTEMPTS } from "../../src/platforms/slack/answer.ts";
import type { SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { testApp } from "../support/app.ts";
import { SLACK_SECRET, startSlackBot } from "../support/bots.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";

describe("Slack answers delivered through response_url 429 storms and 500s, then ephemeral, then DM", () => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";
  let n = 0;

  async function aide(user: string): Promise<string> {
    const path = `/respond/answer-${++n}`;
    const body = slashCommand({ command: "/aide", text: "", user, responseUrl: `${slack.url}${path}` });
    expect((await postToBot(bot, SLACK_SECRET, body)).status).toBe(200);
    return path;
  }
  const taken = (path: string) => slack.responses.filter((r) => r.path === path).length;

  beforeAll(async () => {
    await slack.start();
    db = await freshDatabase("sqlite");
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    ({ adapter, url: bot } = await startSlackBot(app, slack.url, { answerInAckMs: 0 }));
  });

  beforeEach(() => {
    slack.respondWith = null;
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("delivers thirty answers whose first response_url try gets a 429, each once", async () => {
    slack.respondWith = (_path, attempt) =>
      attempt === 1 ? { status: 429, headers: { "retry-after": "1" } } : undefined;
    const paths = await Promise.all(Array.from({ length: 30 }, (_, i) => aide(`USTORM${i}`)));
    await eventually(() => paths.every((p) => taken(p) === 1), 20_000);
    expect(paths.map((p) => slack.respondAttempts.get(p))).toEqual(paths.map(() => 2));
    expect(slack.callsTo("chat.postEphemeral")).toHaveLength(0);
  }, 30_000);

  it("gives up the response_url after four tries (one of Slack's five uses left) and answers as an ephemeral", async () => {
    slack.respondWith = () => ({ status: 500 });
    const path = await aide("UEPH");
    const ephemeral = await eventually(
      // Four tries with backoff take about 15 s, more while the other suites run beside it.
      () => slack.callsTo("chat.postEphemeral").find((c) => c.args.user === "UEPH"),
      50_000,
    );
    expect(ephemeral.args.channel).toBe("C-GENERAL");
    expect(slack.respondAttempts.get(path)).toBe(RESPONSE_URL_ATTEMPTS);
    expect(taken(path)).toBe(0);
  }, 60_000);

  it("answers in a direct message when Slack refuses the ephemeral (a DM, a channel without the bot)", async () => {
    slack.respondWith = () => ({ status: 503 });
    slack.script("chat.postEphemeral", () => ({ body: { ok: false, error: "channel_not_found" } }));
    await aide("UDM");
    const dm = await eventually(
      () => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "D-UDM"),
      50_000,
    );
    expect(JSON.stringify(dm.args.blocks)).toContain("Commandes disponibles");
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "D-UDM")).toHaveLength(1);
  }, 60_000);

  it("does not hold the acknowledgement when told not to, however quick the command", async () => {
    // Members already known and a command with no read: the answer is ready within microtasks,
    // before a timer of 0 would fire; it must still go on the response URL, every time.
    await aide("UQUICK");
    for (let i = 0; i < 20; i++) {
      const path = `/respond/quick-${i}`;
      const body = slashCommand({ command: "/aide", text: "", user: "UQUICK", responseUrl: `${slack.url}${path}` });
      const ack = await postToBot(bot, SLACK_SECRET, body, { forwardAckAnswer: false });
      expect(ack.status).toBe(200);
      expect(ack.text).not.toContain("Commandes disponibles");
      const answer = await eventually(() => slack.responses.find((r) => r.path === path), 5_000);
      expect(answer.via).toBe("response_url");
    }
  });

  it("does not retry a response_url Slack says is used up, and answers as an ephemeral", async () => {
    slack.respondWith = () => ({ status: 404 });
    const path = await aide("UUSED");
    await eventually(() => slack.callsTo("chat.postEphemeral").find((c) => c.args.user === "UUSED"), 5_000);
    expect(slack.respondAttempts.get(path)).toBe(1);
  });

  it("acts once on a signed request replayed within the five minutes", async () => {
    const path = `/respond/replayed-${++n}`;
    const body = slashCommand({ command: "/aide", text: "", user: "UREPLAY", responseUrl: `${slack.url}${path}` });
    expect((await postToBot(bot, SLACK_SECRET, body)).status).toBe(200);
    await eventually(() => taken(path) === 1, 5_000);
    expect((await postToBot(bot, SLACK_SECRET, body)).status).toBe(200);
    expect((await postToBot(bot, SLACK_SECRET, body, { retryNum: 1 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(taken(path)).toBe(1);
  });

  it("refuses a request stamped more than five minutes ahead, like one five minutes late", async () => {
    const now = Math.floor(Date.now() / 1000);
    const ahead = (minutes: number) =>
      postToBot(
        bot,
        SLACK_SECRET,
        slashCommand({
          command: "/aide",
          text: "",
          user: "UFUTURE",
          responseUrl: `${slack.url}/respond/future-${minutes}`,
        }),
        { timestamp: now + minutes * 60 },
      );
    expect((await ahead(6)).status).toBe(401);
    expect((await ahead(-6)).status).toBe(401);
    expect((await ahead(4)).status).toBe(200);
    await eventually(() => taken("/respond/future-4") === 1, 5_000);
    expect(taken("/respond/future-6")).toBe(0);
  });
});
