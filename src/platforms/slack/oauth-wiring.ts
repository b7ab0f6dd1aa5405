import type { App, HTTPReceiverOptions } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { Logger } from "pino";
import type { I18n, Locale } from "../../core/i18n.ts";
import type { SlackInstallationService } from "../../services/slack-installations.ts";
import { oauthReminderPorts, type TokenSource } from "./oauth-reminders.ts";
import { notInstalledAnswer, oauthReceiverOptions, registerRevocations, type SlackOAuthSettings } from "./oauth.ts";

/** What OAuth mode needs, given by the composition root. */
export interface OAuthWiring {
  settings: SlackOAuthSettings;
  installations: SlackInstallationService;
  i18n: I18n;
  locale: Locale;
}

async function postJson(url: string, message: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

/** The three places OAuth mode touches the Bolt app: its receiver, its listeners, its errors. */
export function oauthWiring(wiring: OAuthWiring, clientOptions: WebClientOptions, logger: Logger) {
  const deps = { installations: wiring.installations, i18n: wiring.i18n, logger, locale: wiring.locale };
  return {
    receiverOptions: oauthReceiverOptions(wiring.settings, deps, clientOptions) satisfies Partial<HTTPReceiverOptions>,
    register: (app: App) => registerRevocations(app, wiring.installations, logger),
    notInstalled: notInstalledAnswer(deps, wiring.settings.publicUrl, postJson),
    reminderPorts: (tokens: TokenSource) => oauthReminderPorts(wiring.installations, tokens, clientOptions, logger),
  };
}
