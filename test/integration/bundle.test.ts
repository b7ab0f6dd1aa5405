import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, npmStartCommand, stop } from "../bench/processes.ts";
import { waitReady } from "../bench/slack-latency.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { ackAnswer, eventually, FakeSlack, postToBot, slashCommand } from "../support/fake-slack.ts";
import { FakeSlackSocket } from "../support/fake-slack-socket.ts";

/**
 * `npm start` runs the compiled bundle, with most packages bundled in: these run that bundle (built
 * here into a directory of its own, inside node_modules so that the packages left external resolve
 * as they do from dist/) with `npm start`'s Node flags, through the console, a report drawn on its
 * thread, Slack over HTTP and the scheduler in its own process.
 */
let outdir = "";
beforeAll(() => {
  mkdirSync(path.join("node_modules", ".cache"), { recursive: true });
  outdir = mkdtempSync(path.join("node_modules", ".cache", "bundle-test-"));
  execFileSync(process.execPath, ["scripts/build.mjs", outdir], { stdio: "inherit" });
}, 120_000);
/** Every process started here, killed at the end even if a test timed out before its own stop. */
const started: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((child) => stop(child)));
  rmSync(outdir, { recursive: true, force: true });
});

function startBundle(env: Record<string, string>, entry = "main.js"): ChildProcess {
  const { flags } = npmStartCommand();
  const child = spawn(process.execPath, [...flags, path.join(outdir, entry)], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.push(child);
  return child;
}

function consoleRun(env: Record<string, string>, lines: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = startBundle({ CONSOLE: "on", ...env });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: stdout + stderr }));
    child.stdin?.end(lines.join("\n") + "\n");
  });
}

describeEachDatabase("the compiled bundle", (provider) => {
  let db: TestDatabase;
  let files = "";
  beforeAll(async () => {
    db = await freshDatabase(provider);
    files = mkdtempSync(path.join(tmpdir(), "iml-bundle-files-"));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(files, { recursive: true, force: true });
  });

  it("answers in the console and draws the activity report on its thread", async () => {
    const { code, stdout } = await consoleRun({ DATABASE_URL: db.url, EXPORT_DIR: files }, [
      "/mesures",
      "/rapport activite",
    ]);
    expect(stdout).toMatch(/IML DALO \(dalo\) — \d{4} : 5 approuvées · 2 en cours · 3 restantes/);
    const saved = [...stdout.matchAll(/📎 .*?(\/\S+\.pdf)/g)].map((m) => m[1] ?? "");
    expect(saved.length).toBe(1);
    expect(
      readFileSync(saved[0] ?? "")
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // The WAL's checkpoint thread loads its driver from the bundle too.
    expect(stdout).not.toContain("checkpoints in the background failed");
    expect(code).toBe(0);
  }, 60_000);

  it("acknowledges a signed slash command over HTTP with its answer", async () => {
    const slack = new FakeSlack();
    await slack.start();
    // A workspace admin: the answer lists the commands of the territory the bot sets up for it.
    slack.users = { U1: { is_admin: true, locale: "fr-FR" } };
    const port = await freePort();
    const secret = "bundle-test-secret";
    const bot = startBundle({
      DATABASE_URL: db.url,
      SLACK_BOT_TOKEN: "xoxb-bundle",
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: `${slack.url}/api/`,
      PORT: String(port),
      CONSOLE: "off",
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, secret, slack, performance.now(), 30_000);
      const result = await postToBot(
        url,
        secret,
        slashCommand({ command: "/aide", text: "", user: "U1", responseUrl: `${slack.url}/respond/bundle` }),
        { forwardAckAnswer: false },
      );
      expect(result.status).toBe(200);
      expect(ackAnswer(result.text)).toBe(true);
      expect(result.text).toContain("/config");
    } finally {
      await stop(bot);
      await slack.stop();
    }
  }, 60_000);

  // The bundle loads undici only when the Socket Mode client first uses it (scripts/build.mjs).
  it("connects in Socket Mode and answers a slash command sent over the socket", async () => {
    const slack = new FakeSlack();
    await slack.start();
    const socket = new FakeSlackSocket(slack);
    await socket.start();
    slack.users = { U1: { is_admin: true, locale: "fr-FR" } };
    const connected = socket.nextConnection();
    const bot = startBundle({
      DATABASE_URL: db.url,
      SLACK_BOT_TOKEN: "xoxb-bundle",
      SLACK_APP_TOKEN: "xapp-bundle",
      SLACK_API_URL: `${slack.url}/api/`,
      CONSOLE: "off",
    });
    try {
      await Promise.race([
        connected,
        new Promise((_, reject) => setTimeout(() => reject(new Error("no Socket Mode connection")), 20_000).unref()),
      ]);
      const url = `${slack.url}/respond/bundle-socket`;
      const id = socket.deliver("slash_commands", {
        token: "legacy",
        team_id: "T1",
        channel_id: "C-GENERAL",
        user_id: "U1",
        command: "/aide",
        text: "",
        api_app_id: "A1",
        response_url: url,
        trigger_id: "trigger-bundle",
      });
      const ack = await eventually(() => socket.ackFor(id));
      const answer = JSON.stringify(ack.payload) + JSON.stringify(slack.responses.filter((r) => url.endsWith(r.path)));
      expect(answer).toContain("/config");
    } finally {
      await stop(bot);
      await socket.stop();
      await slack.stop();
    }
  }, 60_000);

  it("runs the scheduler in a process of its own (npm run scheduler) and stops on SIGTERM", async () => {
    const slack = new FakeSlack();
    await slack.start();
    const scheduler = startBundle(
      {
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: "xoxb-bundle",
        SLACK_SIGNING_SECRET: "bundle-test-secret",
        SLACK_API_URL: `${slack.url}/api/`,
        LOG_LEVEL: "info",
      },
      "scheduler.js",
    );
    try {
      // The logger writes to stderr.
      let out = "";
      await new Promise<void>((resolve, reject) => {
        scheduler.stderr?.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes('"msg":"scheduler: running"')) resolve();
        });
        scheduler.on("exit", (code) => reject(new Error(`the scheduler exited with ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`the scheduler did not say it runs: ${out}`)), 30_000).unref();
      });
      const exited = new Promise((resolve) => scheduler.once("exit", resolve));
      scheduler.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      await stop(scheduler);
      await slack.stop();
    }
  }, 60_000);
});
