import pino from "pino";
import { expect } from "vitest";
import type { App } from "../../src/app.ts";
import type { Dispatcher } from "../../src/core/dispatcher.ts";
import { createDiscordAdapter, type DiscordAdapter } from "../../src/platforms/discord/discord-app.ts";
import type { HealthRoute } from "../../src/platforms/http/health.ts";
import { createSlackAdapter, type SlackAdapter } from "../../src/platforms/slack/slack-app.ts";
import { identity, run } from "./app.ts";
import type { PlatformIdentity } from "../../src/services/identity.ts";

export const SLACK_SECRET = "test-signing-secret";

/** The bot's real Bolt app over HTTP (port 0), against the Web API stand-in at `apiUrl`. */
export async function startSlackBot(
  app: App,
  apiUrl: string,
  settings: { answerInAckMs?: number; routes?: HealthRoute[] } = {},
): Promise<{ adapter: SlackAdapter; url: string }> {
  const adapter = createSlackAdapter(
    { botToken: "xoxb-test", signingSecret: SLACK_SECRET, apiUrl: `${apiUrl}/api/`, port: 0, ...settings },
    {
      dispatcher: app.dispatcher,
      registry: app.registry,
      identity: app.services.identity,
      i18n: app.i18n,
      logger: pino({ level: "silent" }),
    },
  );
  return { adapter, url: `http://127.0.0.1:${await adapter.start()}` };
}

/** The bot's real discord.js client, connected to the gateway stand-in at `apiUrl`. */
export async function startDiscordBot(
  app: App,
  apiUrl: string,
  dispatcher: Dispatcher = app.dispatcher,
): Promise<DiscordAdapter> {
  const adapter = createDiscordAdapter(
    { token: "fake-token", apiUrl },
    {
      dispatcher,
      registry: app.registry,
      identity: app.services.identity,
      references: app.services.references,
      i18n: app.i18n,
      logger: pino({ level: "silent" }),
    },
  );
  await adapter.start();
  return adapter;
}

/** Runs set-up command lines as a member; each must succeed. */
export async function setUp(app: App, who: Partial<PlatformIdentity>, lines: readonly string[]): Promise<void> {
  const member = identity(who);
  for (const line of lines) expect((await run(app, member, line)).tone, line).not.toBe("error");
}
