import { isGroup } from "../../core/command.ts";
import type { I18n } from "../../core/i18n.ts";
import type { Registry } from "../../core/registry.ts";
import { truncate } from "../../core/text-limits.ts";

/**
 * Scopes the bot uses: slash commands; posting and updating; who is admin and in which group;
 * channel history (to find a reminder posted before a crash); which channels it can see (to check
 * the channel `/config canal` binds); files, in a member's direct messages.
 */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "usergroups:read",
  "channels:history",
  "groups:history",
  "channels:read",
  "groups:read",
  "files:write",
  "im:write",
] as const;

/**
 * Events the app subscribes to: an uninstall or a revocation erases the workspace's tokens at once.
 * Neither needs a scope.
 */
/** Installations ending, and the App Home tab being opened (it is refreshed then). */
export const SLACK_BOT_EVENTS = ["app_uninstalled", "tokens_revoked", "app_home_opened"] as const;

/**
 * The Slack app manifest, generated from the registry: installing the app is one paste in
 * api.slack.com/apps → "Create from manifest". `publicUrl` is where Slack reaches /slack/events
 * (omit it for Socket Mode). With a URL, the OAuth redirect URL is there too, so the same app can
 * be distributed to many workspaces; `tokenRotation` turns on expiring tokens (OAuth mode only).
 */
export function slackManifest(
  registry: Registry,
  i18n: I18n,
  publicUrl?: string,
  options: { tokenRotation?: boolean } = {},
): Record<string, unknown> {
  const t = i18n.translator("fr");
  const base = publicUrl?.replace(/\/$/, "");
  const url = base ? `${base}/slack/events` : undefined;
  return {
    display_information: {
      name: "IML chat-ops",
      description: truncate(t("common:app.description"), 140),
      background_color: "#2c5f8a",
    },
    features: {
      bot_user: { display_name: "iml-chatops", always_online: true },
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      slash_commands: registry.modules.map((module) => ({
        command: `/${module.name}`,
        description: truncate(t(`commands:${module.name}.description`), 100),
        usage_hint: truncate(
          isGroup(module)
            ? module.subcommands.map((s) => s.name).join(" | ")
            : registry.usage(registry.entryOf(module.name)).split(" ").slice(1).join(" "),
          1000,
        ),
        // Escaped text carries mentions as <@U…> and <#C…>, which /config reads.
        should_escape: true,
        ...(url ? { url } : {}),
      })),
    },
    oauth_config: {
      ...(base ? { redirect_urls: [`${base}/slack/oauth_redirect`] } : {}),
      scopes: { bot: [...SLACK_BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: options.tokenRotation === true,
    },
  };
}
