import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { SecretBox } from "../../src/core/secret-box.ts";
import { sqlitePath } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createSlackAdapter, type SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { storedTokens } from "../../src/platforms/slack/oauth-reminders.ts";
import { SlackInstallationService, UnreadableTokenError } from "../../src/services/slack-installations.ts";
import { resealTokens, slackOAuthWiring } from "../../src/slack-oauth.ts";
import { identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { buttonClick, eventually, interaction, postToBot, slashCommand } from "../support/fake-slack.ts";
import { FakeSlackOAuth } from "../support/fake-slack-oauth.ts";

const SECRET = "oauth-signing-secret";
const PUBLIC_URL = "https://bot.example.org";
const KEY = randomBytes(32).toString("base64");
const T1 = { teamId: "T1", name: "CCAS Nord" };
const T2 = { teamId: "T2", name: "Association Sud" };
const T3 = { teamId: "T3", name: "CCAS Rotation", rotation: true };

describeEachDatabase("Slack distributed app: OAuth installs in many workspaces", (provider) => {
  const slack = new FakeSlackOAuth();
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  const logs: string[] = [];
  let db: TestDatabase;
  let app: App;
  let adapter: SlackAdapter;
  let bot = "";
  const territories = new Map<string, string>();

  const responseUrl = () => `${slack.url}/respond/${Math.random().toString(36).slice(2)}`;

  async function command(team: string, user: string, line: string): Promise<Record<string, unknown>> {
    const [name = "", ...rest] = line.split(" ");
    const url = responseUrl();
    const result = await postToBot(
      bot,
      SECRET,
      slashCommand({ command: name, text: rest.join(" "), user, team, responseUrl: url }),
    );
    expect(result.status).toBe(200);
    return (await eventually(() => slack.responses.find((r) => url.endsWith(r.path)))).body;
  }

  /** A button click (here one whose payload does not parse: answered after the member is resolved). */
  async function click(team: string, user: string): Promise<Record<string, unknown>> {
    const url = responseUrl();
    const body = interaction(
      buttonClick({ user, team, channel: `C-${team}`, value: "not-a-payload", responseUrl: url, actionTs: "1" }),
    );
    expect((await postToBot(bot, SECRET, body)).status).toBe(200);
    return (await eventually(() => slack.responses.find((r) => url.endsWith(r.path)))).body;
  }

  /** The browser's part: /slack/install, Slack's consent (a code), back to /slack/oauth_redirect. */
  async function startInstall(): Promise<{ state: string; cookie: string; location: URL }> {
    const start = await fetch(`${bot}/slack/install`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get("location") ?? "");
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    return { state: location.searchParams.get("state") ?? "", cookie, location };
  }

  async function redirect(query: string, cookie: string): Promise<{ status: number; text: string }> {
    const back = await fetch(`${bot}/slack/oauth_redirect?${query}`, {
      headers: { cookie, "accept-language": "fr-FR,fr;q=0.9" },
    });
    const html = await back.text();
    const text = html
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
    return { status: back.status, text: text.replace(/&amp;/g, "&") };
  }

  async function install(workspace: typeof T1 & { rotation?: boolean }) {
    const { state, cookie } = await startInstall();
    const result = await redirect(`code=${slack.codeFor(workspace)}&state=${encodeURIComponent(state)}`, cookie);
    return { ...result, state, cookie };
  }

  const installations = () => app.database.prisma.slackInstallation.findMany({ orderBy: { teamId: "asc" } });
  /** Revocations are handled after Slack's event is acknowledged: wait for the row to change. */
  async function eventuallyRow(installKey: string, check: (row: { revokedAt: Date | null }) => boolean) {
    for (let i = 0; i < 100; i++) {
      const row = await app.database.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey } });
      if (check(row)) return row;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${installKey} did not change in time`);
  }
  const usedBy = (token: string) => slack.calls.filter((c) => c.token === token);

  /** Every row of every table, as text: where a token in clear would show. */
  async function wholeDatabase(): Promise<string> {
    const prisma = app.database.prisma;
    const tables =
      provider === "sqlite"
        ? await prisma.$queryRawUnsafe<{ name: string }[]>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          )
        : await prisma.$queryRawUnsafe<{ name: string }[]>(
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = $1",
            app.database.schema,
          );
    const prefix = provider === "sqlite" ? "" : `"${app.database.schema}".`;
    let text = "";
    for (const { name } of tables) {
      // On PostgreSQL each row as its own JSON text: every column, whatever its type.
      const rows = await prisma.$queryRawUnsafe<unknown[]>(
        provider === "sqlite"
          ? `SELECT * FROM "${name}"`
          : `SELECT row_to_json(t)::text AS row FROM ${prefix}"${name}" t`,
      );
      text += JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    }
    // The read does see the installations (so the absence of tokens below means something).
    expect(text).toContain("team:T1");
    return text;
  }

  beforeAll(async () => {
    await slack.start();
    slack.users = {
      "U1-ADMIN": { is_admin: true, locale: "fr-FR", real_name: "Admin Nord" },
      "U2-ADMIN": { is_admin: true, locale: "fr-FR", real_name: "Admin Sud" },
      "U3-ADMIN": { is_admin: true, locale: "en-US", real_name: "Admin Rotation" },
    };
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock, {
      SLACK_CLIENT_ID: slack.clientId,
      SLACK_CLIENT_SECRET: slack.clientSecret,
      SLACK_STATE_SECRET: "a-state-secret-that-is-long-enough-for-hmac",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PUBLIC_URL: PUBLIC_URL,
      SLACK_API_URL: `${slack.url}/api/`,
      TOKEN_ENCRYPTION_KEY: KEY,
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    adapter = createSlackAdapter(
      { signingSecret: SECRET, apiUrl: `${slack.url}/api/`, port: 0, oauth: slackOAuthWiring(app.config, app) },
      {
        dispatcher: app.dispatcher,
        registry: app.registry,
        identity: app.services.identity,
        i18n: app.i18n,
        logger: createLogger("debug", sink),
      },
    );
    app.reminderPorts.slack = adapter.reminderPorts;
    bot = `http://127.0.0.1:${await adapter.start()}`;
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await db?.drop();
    await slack.stop();
  });

  it("sends /slack/install to Slack's authorize page with the bot scopes and a signed state in a cookie", async () => {
    const { location, state, cookie } = await startInstall();
    expect(`${location.origin}${location.pathname}`).toBe(`${slack.url}/oauth/v2/authorize`);
    expect(location.searchParams.get("client_id")).toBe(slack.clientId);
    expect(location.searchParams.get("scope")?.split(",")).toEqual(
      expect.arrayContaining(["commands", "chat:write", "users:read"]),
    );
    expect(location.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
    expect(state).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it("installs two workspaces, each with its own bot token, territory created, nothing in clear", async () => {
    for (const workspace of [T1, T2]) {
      const result = await install(workspace);
      expect(result.status).toBe(200);
      expect(result.text).toContain(`Le bot est installé dans l'espace « ${workspace.name} »`);
    }
    const rows = await installations();
    expect(rows.map((r) => [r.installKey, r.teamId, r.botUserId])).toEqual([
      ["team:T1", "T1", "UBOT-T1"],
      ["team:T2", "T2", "UBOT-T2"],
    ]);
    for (const row of rows) {
      const territory = await app.database.prisma.territory.findUniqueOrThrow({ where: { id: row.territoryId } });
      expect(territory).toMatchObject({ platform: "slack", externalId: row.teamId });
      territories.set(row.teamId ?? "", territory.id);
      expect(row.botToken).toMatch(/^v1\./);
      expect(row.botToken).not.toContain("xoxb");
    }
    expect(slack.latestToken("T1")).not.toBe(slack.latestToken("T2"));
    const everything = await wholeDatabase();
    for (const token of [slack.latestToken("T1"), slack.latestToken("T2")]) expect(everything).not.toContain(token);
    if (provider === "sqlite") {
      const file = sqlitePath(db.url);
      const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1"));
      expect(bytes.join("")).not.toContain("xoxb-");
    }
    // Sealed under the deployment's key: another key opens nothing.
    const otherKey = new SlackInstallationService(app.database.prisma, clock, new SecretBox(randomBytes(32)), {
      locale: "fr",
      timezone: "Europe/Paris",
    });
    await expect(otherKey.find({ teamId: "T1" })).rejects.toBeInstanceOf(UnreadableTokenError);
    const audit = await app.database.prisma.auditEvent.findMany({ where: { action: "slack.installed" } });
    expect(audit.map((a) => a.territoryId).sort()).toEqual([...territories.values()].sort());
  });

  it("answers each workspace's signed commands with that workspace's token", async () => {
    const t1 = slack.latestToken("T1");
    const t2 = slack.latestToken("T2");
    const before = slack.calls.length;
    const nord = await command("T1", "U1-ADMIN", "/config canal siao C-T1-SIAO");
    const sud = await command("T2", "U2-ADMIN", "/config canal siao C-T2-SIAO");
    expect(JSON.stringify(nord)).toContain("C-T1-SIAO");
    expect(JSON.stringify(sud)).toContain("C-T2-SIAO");
    const calls = slack.calls.slice(before).filter((c) => c.method === "users.info");
    expect(calls.find((c) => c.args.user === "U1-ADMIN")?.token).toBe(t1);
    expect(calls.find((c) => c.args.user === "U2-ADMIN")?.token).toBe(t2);
    expect(slack.calls.slice(before).every((c) => c.token === t1 || c.token === t2)).toBe(true);
    // A button is resolved with its workspace's token too.
    await click("T2", "U2-CLICK");
    expect(
      slack.calls.filter((c) => c.method === "users.info" && c.args.user === "U2-CLICK").map((c) => c.token),
    ).toEqual([t2]);
    // The binding went to each workspace's own territory.
    const bindings = await app.database.prisma.channelBinding.findMany({ where: { purpose: "siao" } });
    expect(Object.fromEntries(bindings.map((b) => [b.territoryId, b.channelId]))).toEqual({
      [territories.get("T1") ?? ""]: "C-T1-SIAO",
      [territories.get("T2") ?? ""]: "C-T2-SIAO",
    });
  });

  it("posts each workspace's reminders with its own token", async () => {
    for (const team of ["T1", "T2"]) {
      const admin = identity({ platform: "slack", territoryExternalId: team, userExternalId: `${team}-ADMIN-X` });
      for (const line of [
        "/config dispositif dalo DALO",
        "/config quota dalo 2026 3",
        `/config role user:${team}-ADMIN-X ccas`,
      ])
        expect((await run(app, admin, line)).tone, line).not.toBe("error");
      const card = await run(
        app,
        admin,
        "/candidature deposer nouveau dalo famille chrs minima_sociaux oui couple_sans_enfant Note.",
      );
      expect(card.tone).toBe("success");
    }
    clock.set(new Date("2026-03-10T07:00:00Z"));
    const before = slack.calls.length;
    for (const team of ["T1", "T2"]) {
      const report = await app.scheduler.runNow(territories.get(team) ?? "");
      expect(report).toMatchObject({ sent: 1, failed: 0 });
    }
    const posts = slack.calls.slice(before).filter((c) => c.method === "chat.postMessage");
    expect(posts.map((p) => [p.args.channel, p.token])).toEqual([
      ["C-T1-SIAO", slack.latestToken("T1")],
      ["C-T2-SIAO", slack.latestToken("T2")],
    ]);
  });

  it("refuses a forged state, a replayed state, a missing code and a refused exchange, storing nothing", async () => {
    const stored = await installations();
    const t = (key: string) => app.i18n.translator("fr")(key);

    const forged = await redirect(`code=${slack.codeFor(T1)}&state=forged.state`, "slack-app-oauth-state=forged.state");
    expect(forged.status).toBe(400);
    expect(forged.text).toContain(t("install:page.failure.state").slice(0, 40));

    // A signed state whose signature was made with another secret.
    const fresh = await startInstall();
    const [body] = fresh.state.split(".");
    const tampered = `${body}.${randomBytes(32).toString("base64url")}`;
    expect(
      (await redirect(`code=${slack.codeFor(T1)}&state=${tampered}`, `slack-app-oauth-state=${tampered}`)).status,
    ).toBe(400);

    const first = await install(T3);
    expect(first.status).toBe(200);
    const replay = await redirect(`code=${slack.codeFor(T3)}&state=${encodeURIComponent(first.state)}`, first.cookie);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain(t("install:page.failure.state").slice(0, 40));
    await app.database.prisma.slackInstallation.delete({ where: { installKey: "team:T3" } });

    const noCode = await startInstall();
    const missing = await redirect(`state=${encodeURIComponent(noCode.state)}`, noCode.cookie);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(t("install:page.failure.code"));

    const refused = await startInstall();
    const exchange = await redirect(`code=not-a-code&state=${encodeURIComponent(refused.state)}`, refused.cookie);
    expect(exchange.status).toBe(400);
    expect(exchange.text).toContain("invalid_code");
    expect(exchange.text).toContain(t("install:page.nothing_stored"));

    expect((await installations()).map((r) => [r.installKey, r.botToken])).toEqual(
      stored.map((r) => [r.installKey, r.botToken]),
    );
  });

  it("rotates an expiring token: refreshed before use, the new one sealed and used", async () => {
    expect((await install(T3)).status).toBe(200);
    const first = slack.latestToken("T3");
    await command("T3", "U3-ADMIN", "/aide");
    const second = slack.latestToken("T3");
    expect(second).not.toBe(first);
    expect(
      slack.calls.filter((c) => c.method === "oauth.v2.access" && c.args.grant_type === "refresh_token"),
    ).toHaveLength(1);
    expect(usedBy(second).some((c) => c.method === "users.info")).toBe(true);
    expect(usedBy(first).filter((c) => c.method !== "auth.test")).toEqual([]);
    const row = await app.database.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: "team:T3" } });
    expect(row.botRefreshToken).toMatch(/^v1\./);
    expect(row.botTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now());
    const everything = await wholeDatabase();
    for (const secret of [first, second, ...slack.refreshIssued]) expect(everything).not.toContain(secret);
  });

  it("gives the scheduler process each workspace's token, refreshing a rotating one itself", async () => {
    const wiring = slackOAuthWiring(app.config, app);
    if (!wiring) throw new Error("OAuth mode expected");
    const tokens = storedTokens(wiring.installations, wiring.settings, { slackApiUrl: `${slack.url}/api/` });
    const refreshes = () => slack.calls.filter((c) => c.args.grant_type === "refresh_token").length;
    const before = refreshes();
    expect(await tokens.authorize({ teamId: "T1", isEnterpriseInstall: false })).toEqual({
      botToken: slack.latestToken("T1"),
    });
    expect(refreshes()).toBe(before);
    const previous = slack.latestToken("T3");
    const { botToken } = await tokens.authorize({ teamId: "T3", isEnterpriseInstall: false });
    expect(refreshes()).toBe(before + 1);
    expect(botToken).toBe(slack.latestToken("T3"));
    expect(botToken).not.toBe(previous);
    expect((await wiring.installations.find({ teamId: "T3" }))?.botToken).toBe(botToken);
    expect(await tokens.authorize({ teamId: "T-NONE", isEnterpriseInstall: false })).toEqual({});
  });

  it("erases a workspace's tokens on app_uninstalled; the other keeps working; a reinstall finds the territory", async () => {
    const event = JSON.stringify({
      type: "event_callback",
      team_id: "T2",
      api_app_id: "A-IML",
      event: { type: "app_uninstalled", event_ts: "1.0" },
      event_id: "Ev-UNINSTALL",
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: "T2", is_enterprise_install: false, is_bot: true }],
    });
    slack.revokeAll("T2");
    expect((await postToBot(bot, SECRET, event, { contentType: "application/json" })).status).toBe(200);
    const t2 = await eventuallyRow("team:T2", (row) => row.revokedAt !== null);
    expect(t2).toMatchObject({ botToken: null, botRefreshToken: null });
    expect(t2.revokedAt).not.toBeNull();

    const before = slack.calls.length;
    const answer = await command("T2", "U2-ADMIN", "/mesures");
    expect(answer.text).toBe(
      app.i18n.translator("fr")("install:not_installed", { url: `${PUBLIC_URL}/slack/install` }),
    );
    expect(slack.calls.slice(before)).toEqual([]);
    const clicked = await click("T2", "U2-OTHER");
    expect(clicked.text).toBe(answer.text);
    expect(slack.calls.slice(before)).toEqual([]);
    const logged = logs.filter((l) => l.includes("without installation"));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join("")).not.toContain("/mesures");
    expect(logged.join("")).toContain('"kind":"slash_command"');
    expect(logged.join("")).toContain('"kind":"block_actions"');
    expect(logged.join("")).not.toContain("U2-OTHER");

    const nord = await command("T1", "U1-ADMIN", "/mesures");
    expect(JSON.stringify(nord)).not.toContain("install");
    expect(slack.calls.slice(before).map((c) => [c.method, c.token])).toEqual(
      slack.calls.slice(before).map((c) => [c.method, slack.latestToken("T1")]),
    );

    clock.set(new Date("2026-03-17T07:00:00Z"));
    expect(await app.scheduler.runNow(territories.get("T2") ?? "")).toMatchObject({ skipped: "no_platform" });
    expect(await app.scheduler.runNow(territories.get("T1") ?? "")).toMatchObject({ sent: 1 });

    expect((await install(T2)).status).toBe(200);
    const again = await app.database.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: "team:T2" } });
    expect(again.territoryId).toBe(territories.get("T2"));
    expect(again.revokedAt).toBeNull();
    const back = await command("T2", "U2-ADMIN", "/config canal siao C-T2-SIAO");
    expect(JSON.stringify(back)).toContain("C-T2-SIAO");
    // A member not seen before is looked up with the new token.
    await command("T2", "U2-NEW", "/aide");
    expect(
      usedBy(slack.latestToken("T2"))
        .filter((c) => c.method === "users.info")
        .map((c) => c.args.user),
    ).toEqual(["U2-NEW"]);
    const actions = await app.database.prisma.auditEvent.findMany({
      where: { territoryId: territories.get("T2"), action: { startsWith: "slack." } },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["slack.installed", "slack.tokens_erased", "slack.reinstalled"]);
  });

  it("erases the bot token on tokens_revoked too", async () => {
    const event = JSON.stringify({
      type: "event_callback",
      team_id: "T3",
      api_app_id: "A-IML",
      event: { type: "tokens_revoked", tokens: { bot: ["UBOT-T3"] }, event_ts: "2.0" },
      event_id: "Ev-REVOKED",
      event_time: Math.floor(Date.now() / 1000),
    });
    expect((await postToBot(bot, SECRET, event, { contentType: "application/json" })).status).toBe(200);
    const row = await eventuallyRow("team:T3", (r) => r.revokedAt !== null);
    expect(row).toMatchObject({ botToken: null, botRefreshToken: null });
  });

  it("tells a workspace whose tokens no longer decrypt to try later, and logs why", async () => {
    const territory = await app.database.prisma.territory.create({
      data: { platform: "slack", externalId: "T9", name: "Clé perdue" },
    });
    const foreign = new SecretBox(randomBytes(32));
    await app.database.prisma.slackInstallation.create({
      data: {
        installKey: "team:T9",
        territoryId: territory.id,
        teamId: "T9",
        botToken: foreign.seal("xoxb-T9-lost", "team:T9"),
        updatedAt: new Date(),
      },
    });
    const before = slack.calls.length;
    const answer = await command("T9", "U9-ADMIN", "/mesures");
    expect(answer.text).toBe(app.i18n.translator("fr")("install:unavailable"));
    expect(slack.calls.slice(before)).toEqual([]);
    const logged = logs.filter((l) => l.includes("could not authorize a Slack request"));
    expect(logged.join("")).toContain("cannot be decrypted with TOKEN_ENCRYPTION_KEY");
    expect(logs.some((l) => l.includes('"installation":"team:T9"') && l.includes("was the key changed"))).toBe(true);
    await app.database.prisma.slackInstallation.delete({ where: { installKey: "team:T9" } });
  });

  it("moves every token to a new encryption key at start-up, the old key given as previous", async () => {
    const live = await app.database.prisma.slackInstallation.findMany({ where: { revokedAt: null } });
    expect(live.length).toBeGreaterThan(0);
    const NEW_KEY = randomBytes(32).toString("base64");
    const changing = { ...app.config, TOKEN_ENCRYPTION_KEY: NEW_KEY, TOKEN_ENCRYPTION_KEY_PREVIOUS: KEY };
    const wiring = slackOAuthWiring(changing, app);
    if (!wiring) throw new Error("OAuth mode expected");
    await resealTokens(wiring, createLogger("silent"));
    const moved = await app.database.prisma.auditEvent.count({ where: { action: "slack.tokens_resealed" } });
    expect(moved).toBe(live.length);
    // Only the new key opens them now; a second start has nothing to move.
    const onlyNew = slackOAuthWiring({ ...app.config, TOKEN_ENCRYPTION_KEY: NEW_KEY }, app);
    expect((await onlyNew?.installations.find({ teamId: "T1" }))?.botToken).toBe(slack.latestToken("T1"));
    await expect(slackOAuthWiring(app.config, app)?.installations.find({ teamId: "T1" })).rejects.toBeInstanceOf(
      UnreadableTokenError,
    );
    expect(await onlyNew?.installations.resealStale()).toBe(0);
  });

  it("never logs a token or a secret", () => {
    const text = logs.join("");
    expect(text.length).toBeGreaterThan(0);
    for (const tokens of slack.issued.values()) for (const token of tokens) expect(text).not.toContain(token);
    for (const refresh of slack.refreshIssued) expect(text).not.toContain(refresh);
    expect(text).not.toContain(slack.clientSecret);
  });
});
