import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { I18n } from "../../src/core/i18n.ts";
import { Registry } from "../../src/core/registry.ts";
import { SLACK_BOT_SCOPES, slackManifest } from "../../src/platforms/slack/manifest.ts";

interface Manifest {
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    token_rotation_enabled: boolean;
  };
}

describe("Slack manifest for a distributed app", () => {
  const registry = new Registry(commands);
  const i18n = I18n.create();

  it("carries the OAuth redirect URL, the uninstall events and the bot scopes", () => {
    const manifest = slackManifest(registry, i18n, "https://bot.example.org/") as unknown as Manifest;
    expect(manifest.oauth_config.redirect_urls).toEqual(["https://bot.example.org/slack/oauth_redirect"]);
    expect(manifest.oauth_config.scopes.bot).toEqual([...SLACK_BOT_SCOPES]);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: "https://bot.example.org/slack/events",
      bot_events: ["app_uninstalled", "tokens_revoked", "app_home_opened"],
    });
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });

  it("turns token rotation on when asked, and has no redirect URL in Socket Mode", () => {
    const rotating = slackManifest(registry, i18n, "https://bot.example.org", {
      tokenRotation: true,
    }) as unknown as Manifest;
    expect(rotating.settings.token_rotation_enabled).toBe(true);
    const socket = slackManifest(registry, i18n) as unknown as Manifest;
    expect(socket.oauth_config.redirect_urls).toBeUndefined();
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
  });
});
