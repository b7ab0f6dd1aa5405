import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { testApp } from "../support/app.ts";
import { SLACK_SECRET, setUp } from "../support/bots.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";
import { recordingReminderPort, schedulerFor, type PostedDigest } from "../support/reminders.ts";

const DAY_MS = 86_400_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Slack territory with a candidature waiting for a month: a run has one digest to post. */
async function seed(url: string): Promise<void> {
  const month = new Date(Date.now() - 30 * DAY_MS);
  const app = await testApp(url, fixedClock(month));
  await setUp(app, { territoryExternalId: "T1", territoryName: "territoire-test", userExternalId: "UADMIN" }, [
    "/config dispositif dalo DALO",
    `/config quota dalo ${month.getUTCFullYear()} 5`,
    "/config canal siao C-SIAO",
    "/config role user:UADMIN ccas",
    "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Note.",
  ]);
  await app.close();
}

describeEachDatabase("a stopping scheduler hands back the lease of a run it could not plan", (provider) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    await seed(db.url);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it("lets another instance resume that run at its next tick, not two minutes later", async () => {
    const clock = fixedClock(new Date());
    const app = await testApp(db.url, clock);
    const posts: PostedDigest[] = [];
    try {
      const ports = { slack: recordingReminderPort(posts) };
      const cutOff = () => Promise.reject(new Error("stopped before planning"));
      const failing = schedulerFor(app, app.database, clock, ports, { faults: { beforePlan: cutOff } });
      expect(await failing.catchUp()).toEqual([]);
      const pending = await app.database.prisma.reminderDelivery.findMany({ where: { kind: "lease" } });
      expect(pending.map((l) => l.status)).toEqual(["pending"]);
      await failing.stop();
      const other = schedulerFor(app, app.database, clock, ports);
      await other.tick();
      expect(posts.map((p) => p.channelId)).toEqual(["C-SIAO"]);
      const leases = await app.database.prisma.reminderDelivery.findMany({ where: { kind: "lease" } });
      expect(leases.map((l) => l.status)).toEqual(["sent"]);
    } finally {
      await app.close();
    }
  }, 30_000);
});

describeEachDatabase("SIGTERM on the running bot", (provider) => {
  const slack = new FakeSlack();
  let db: TestDatabase;
  let child: ChildProcess | undefined;
  let output = "";

  beforeAll(async () => {
    await slack.start();
    slack.slowness.set("chat.postMessage", 3000);
    slack.slowness.set("users.info", 1500);
    db = await freshDatabase(provider);
    await seed(db.url);
    slack.users.UADMIN = { is_admin: true };
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await db?.drop();
    await slack.stop();
  });

  it("finishes the command and the digest under way, hands back nothing pending, refuses new requests and exits 0", async () => {
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: `${slack.url}/api/`,
        PORT: String(port),
        CONSOLE: "off",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
    const bot = `http://127.0.0.1:${port}`;
    // At start-up the bot catches up the morning run it missed: its digest takes 3 s to post.
    // Meanwhile a member's command waits 1.5 s on Slack. SIGTERM arrives with both under way.
    const digestPosted = () => slack.calls.some((c) => c.method === "chat.postMessage");
    await eventually(digestPosted, 60_000);
    expect((await fetch(`${bot}/healthz`)).status).toBe(200);
    const path = "/respond/in-flight";
    const command = postToBot(
      bot,
      SLACK_SECRET,
      slashCommand({ command: "/moi", text: "", user: "UADMIN", responseUrl: `${slack.url}${path}` }),
    );
    await eventually(() => slack.calls.some((c) => c.method === "users.info"), 10_000);
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = await fetch(`${bot}/slack/events`, { method: "POST", body: "" }).then(
      (response) => response.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);

    expect((await command).status).toBe(200);
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve("still running"), 20_000)),
    ]);
    expect(code, output).toBe(0);
    const answer = await eventually(() => slack.responses.find((r) => r.path === path), 1000);
    expect(JSON.stringify(answer.body)).not.toContain("Impossible");
    const digests = slack.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === "C-SIAO");
    expect(digests).toHaveLength(1);

    const database = await openDatabase(db.url);
    try {
      const leases = await database.prisma.reminderDelivery.findMany({ where: { kind: "lease" } });
      expect(leases.map((l) => l.status)).toEqual(["sent"]);
      const outbox = await database.prisma.outboxMessage.findMany({ where: { kind: "digest" } });
      expect(outbox.map((m) => m.state)).toEqual(["sent"]);
    } finally {
      await database.close();
    }
    expect(output).toContain("stopped");
  }, 120_000);
});
