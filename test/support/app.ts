import pino from "pino";
import { createApp, type App } from "../../src/app.ts";
import type { Card } from "../../src/core/card.ts";
import type { Clock } from "../../src/core/clock.ts";
import { outboxMarker, type PlatformPort, type PostedMessage } from "../../src/core/command.ts";
import { loadConfig } from "../../src/config.ts";
import type { PlatformIdentity } from "../../src/services/identity.ts";

export async function testApp(
  url: string,
  clock: Clock,
  env: Record<string, string> = {},
  options: Parameters<typeof createApp>[3] = {},
): Promise<App> {
  return createApp(loadConfig({ DATABASE_URL: url, ...env }), clock, pino({ level: "silent" }), options);
}

/** A platform port that keeps what commands post, for assertions. */
export function recordingPort(): PlatformPort & {
  posts: { channelId: string; card: Card }[];
  updates: { message: PostedMessage; card: Card }[];
  replies: { root: PostedMessage; card: Card }[];
} {
  const posts: { channelId: string; card: Card }[] = [];
  const updates: { message: PostedMessage; card: Card }[] = [];
  const replies: { root: PostedMessage; card: Card }[] = [];
  return {
    posts,
    updates,
    replies,
    async post(channelId, card, _key, thread) {
      if (thread) {
        replies.push({ root: { channelId, messageId: thread }, card });
        return { channelId, messageId: `${thread}.${replies.length}` };
      }
      posts.push({ channelId, card });
      return { channelId, messageId: String(posts.length) };
    },
    async update(message, card) {
      updates.push({ message, card });
    },
    async checkChannel() {
      return "known";
    },
    async findMessage(channelId, key) {
      const found = posts.findIndex(
        (p) => p.channelId === channelId && (p.card.footer ?? "").includes(outboxMarker(key)),
      );
      return found < 0 ? null : String(found + 1);
    },
  };
}

export function identity(overrides: Partial<PlatformIdentity> = {}): PlatformIdentity {
  return {
    platform: "slack",
    territoryExternalId: "T-TEST",
    territoryName: "Test territory",
    userExternalId: "U-ADMIN",
    displayName: "Admin",
    groupIds: [],
    platformAdmin: true,
    locale: "fr",
    ...overrides,
  };
}

/** Runs one command line ("/config quota dalo 2026 3") as a member, through the dispatcher. */
export async function run(
  app: App,
  who: PlatformIdentity,
  line: string,
  port: PlatformPort = recordingPort(),
): Promise<Card> {
  const match = /^\/(\S+)\s*(.*)$/s.exec(line);
  if (!match) throw new Error(`not a command line: ${line}`);
  const resolved = await app.services.identity.resolve(who);
  return app.dispatcher.execute({
    identity: resolved,
    channelId: "C-TEST",
    platform: port,
    command: match[1] ?? "",
    text: match[2] ?? "",
  });
}

/** The text of the file a reply attaches, by how its name ends (".csv", ".md"). */
export function attachedText(card: Card, suffix: string): string {
  const found = card.files?.find((f) => f.name.endsWith(suffix));
  if (!found) throw new Error(`no ${suffix} file`);
  return found.data.toString("utf8");
}

/** A card's text, with the narrow and no-break spaces of French number formats made plain. */
export function cardText(card: Card): string {
  return [
    card.title,
    ...(card.fields ?? []).map((f) => `${f.label}: ${f.value}`),
    ...(card.lines ?? []),
    card.footer ?? "",
  ]
    .join("\n")
    .replace(/[\u202f\u00a0]/g, " ");
}

/** The console's demo member, on the demo territory the seeder creates. */
export function demoMember(): PlatformIdentity {
  return identity({
    platform: "console",
    territoryExternalId: "console-demo",
    userExternalId: "demo",
    displayName: "Démo",
    platformAdmin: false,
  });
}
