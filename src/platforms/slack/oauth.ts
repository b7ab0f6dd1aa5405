import type { App, HTTPReceiverOptions } from "@slack/bolt";
import type { Logger } from "pino";
import { z } from "zod";
import type { I18n, Locale } from "../../core/i18n.ts";
import type { SlackInstallationService } from "../../services/slack-installations.ts";
import { databaseInstallationStore, isNotInstalled } from "./installation-store.ts";
import { SLACK_BOT_SCOPES } from "./manifest.ts";
import { oauthStateStore } from "./oauth-state.ts";
import { failurePage, failureReason, pageLocale, sendPage } from "./oauth-pages.ts";

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** The bot's public address: the redirect URL and the install link are built from it. */
  publicUrl: string;
}

export interface SlackOAuthDeps {
  installations: SlackInstallationService;
  i18n: I18n;
  logger: Logger;
  /** The language of answers given before anyone is known (a workspace without installation). */
  locale: Locale;
}

const base = (url: string) => url.replace(/\/+$/, "");
export const installUrl = (publicUrl: string) => `${base(publicUrl)}${INSTALL_PATH}`;

/** Slack's authorize page lives beside its Web API (slack.com, GovSlack, or a stand-in). */
export function authorizationUrl(apiUrl: string | undefined): string {
  return new URL("/oauth/v2/authorize", apiUrl ?? "https://slack.com/api/").toString();
}

const ErrorWithData = z.object({ code: z.string().optional(), data: z.object({ error: z.string() }).optional() });

/**
 * What Bolt's HTTP receiver needs to serve a distributed app: /slack/install redirects to Slack's
 * authorize page with the manifest's bot scopes (a signed, one-time state in a cookie),
 * /slack/oauth_redirect exchanges the code through oauth.v2.access and stores the installation.
 * A forged or replayed state, a missing code or a refused exchange gives a page saying what to
 * do, and stores nothing.
 */
export function oauthReceiverOptions(
  settings: SlackOAuthSettings,
  deps: SlackOAuthDeps,
  clientOptions: { slackApiUrl?: string },
): Partial<HTTPReceiverOptions> {
  const { installations, i18n, logger } = deps;
  return {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: `${base(settings.publicUrl)}${REDIRECT_PATH}`,
    scopes: [...SLACK_BOT_SCOPES],
    installationStore: databaseInstallationStore(installations, logger),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: true,
      stateStore: oauthStateStore(settings.stateSecret, (nonce, expiresAt, now) =>
        installations.consumeState(nonce, expiresAt, now),
      ),
      authorizationUrl: authorizationUrl(clientOptions.slackApiUrl),
      clientOptions,
      callbackOptions: {
        success(installation, _options, req, res) {
          const lang = pageLocale(req);
          const t = i18n.translator(lang);
          const team = installation.team?.name ?? installation.enterprise?.name ?? "Slack";
          const teamId = installation.team?.id ?? "";
          sendPage(res, 200, {
            lang,
            title: t("install:page.success_title"),
            paragraphs: [t("install:page.success", { team })],
            link: {
              href: `https://slack.com/app_redirect?app=${encodeURIComponent(installation.appId ?? "")}&team=${encodeURIComponent(teamId)}`,
              text: t("install:page.open_slack"),
            },
          });
        },
        failure(error, _options, req, res) {
          const parsed = ErrorWithData.safeParse(error);
          const code = parsed.success ? parsed.data.code : undefined;
          const slackError = parsed.success ? (parsed.data.data?.error ?? "") : "";
          const reason = failureReason(code);
          // The reason only: the query string (code, state) is not logged.
          logger.warn({ reason, code, slackError }, "Slack installation refused");
          failurePage(res, i18n, req, reason, slackError || code || "");
        },
      },
    },
  };
}

const Envelope = z.object({
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z.array(z.object({ is_enterprise_install: z.boolean().optional() })).optional(),
  event: z.object({
    type: z.string(),
    tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }).optional(),
  }),
});

/**
 * `app_uninstalled` and `tokens_revoked` (Bolt delivers both without authorizing them) erase the
 * workspace's tokens at once. Only bot tokens are held, so a revocation of user tokens alone
 * changes nothing.
 */
export function registerRevocations(app: App, installations: SlackInstallationService, logger: Logger): void {
  for (const type of ["app_uninstalled", "tokens_revoked"] as const) {
    app.event(type, async ({ body }) => {
      const parsed = Envelope.safeParse(body);
      if (!parsed.success) {
        logger.warn({ event: type }, "unreadable revocation event ignored");
        return;
      }
      const envelope = parsed.data;
      if (type === "tokens_revoked" && !envelope.event.tokens?.bot?.length) return;
      const scope = {
        teamId: envelope.team_id ?? null,
        enterpriseId: envelope.enterprise_id ?? null,
        isEnterpriseInstall:
          envelope.is_enterprise_install ?? envelope.authorizations?.[0]?.is_enterprise_install ?? false,
      };
      const erased = await installations.revoke(scope, type);
      logger.info({ event: type, team: scope.teamId, enterprise: scope.enterpriseId, erased }, "Slack tokens erased");
    });
  }
}

const Unauthorized = z.object({
  team_id: z.string().optional(),
  team: z.object({ id: z.string() }).nullish(),
  enterprise_id: z.string().nullish(),
  command: z.string().optional(),
  type: z.string().optional(),
  response_url: z.string().optional(),
});

/**
 * A request that could not be authorized. From a workspace without installation: answered
 * (through its response_url, which needs no token) with how to install, and logged with its
 * workspace and kind, never its content. Otherwise (a database down, tokens that no longer
 * decrypt, a failed rotation): the member is told to try later, and the cause is logged as an error.
 */
export function notInstalledAnswer(
  deps: Pick<SlackOAuthDeps, "i18n" | "logger" | "locale">,
  publicUrl: string,
  post: (url: string, message: Record<string, unknown>) => Promise<void>,
) {
  return async (body: unknown, error: unknown): Promise<void> => {
    const parsed = Unauthorized.safeParse(body);
    const request = parsed.success ? parsed.data : {};
    const kind = request.command ? "slash_command" : (request.type ?? "unknown");
    const where = {
      team: request.team_id ?? request.team?.id ?? null,
      enterprise: request.enterprise_id ?? null,
      kind,
    };
    const notInstalled = isNotInstalled(error);
    if (notInstalled) deps.logger.warn(where, "request from a Slack workspace without installation");
    else deps.logger.error({ ...where, err: error }, "could not authorize a Slack request");
    if (!request.response_url) return;
    const t = deps.i18n.translator(deps.locale);
    await post(request.response_url, {
      response_type: "ephemeral",
      replace_original: false,
      text: notInstalled ? t("install:not_installed", { url: installUrl(publicUrl) }) : t("install:unavailable"),
    }).catch((failure: unknown) => deps.logger.warn({ err: failure }, "could not answer an unauthorized request"));
  };
}
