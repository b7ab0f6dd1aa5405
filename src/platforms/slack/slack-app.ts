import type { AddressInfo } from "node:net";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { App, type CodedError, type CustomRoute, ErrorCode, HTTPReceiver } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Card } from "../../core/card.ts";
import { isGroup, mayRun, type CommandEntry, type ReminderPortFactory } from "../../core/command.ts";
import type { Dispatcher } from "../../core/dispatcher.ts";
import { DatabaseUnavailableError } from "../../core/database-health.ts";
import { isUserError } from "../../core/errors.ts";
import { InFlight } from "../../core/in-flight.ts";
import { toLocale, type I18n } from "../../core/i18n.ts";
import type { Registry } from "../../core/registry.ts";
import { tokenize } from "../../core/text-args.ts";
import type { IdentityService, ResolvedIdentity } from "../../services/identity.ts";
import { decodeButton } from "./button-payload.ts";
import { deliverAnswer } from "./answer.ts";
import { RequestIdentity, refuseFutureRequests, SeenRequests } from "./replay.ts";
import { SlackDirectory } from "./directory.ts";
import { homeView } from "./app-home.ts";
import { SeenDeliveries } from "./deliveries.ts";
import { slackLogger } from "./logger-bridge.ts";
import { buildModal, FORM_CALLBACK_PREFIX, FormMetadata, readModalValues } from "./modal.ts";
import { type OAuthWiring, oauthWiring } from "./oauth-wiring.ts";
import { postingClient, renderForSlack, slackPort, slackReminderPort, uploadFiles } from "./slack-port.ts";
import { slackTypedText } from "./text.ts";

export interface SlackSettings {
  /** One workspace's bot token; absent in OAuth mode, where each workspace's comes from its installation. */
  botToken?: string;
  oauth?: OAuthWiring;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  /** How long a slash command's answer may take to ride in the acknowledgement (default 2 s). */
  answerInAckMs?: number;
  /** More routes on the HTTP server (the health checks); ignored in Socket Mode. */
  routes?: CustomRoute[];
}

export interface SlackDeps {
  dispatcher: Dispatcher;
  registry: Registry;
  identity: IdentityService;
  i18n: I18n;
  logger: Logger;
}

export interface SlackAdapter {
  app: App;
  /** Where reminders are posted: with the bot token, or in OAuth mode each workspace's own. */
  reminderPorts: ReminderPortFactory;
  /** Starts HTTP mode (returns the bound port) or Socket Mode (returns null). */
  start(): Promise<number | null>;
  /**
   * Takes no new request (HTTP answers 503 and stops listening; Socket Mode leaves new events
   * unacknowledged, for Slack to send again), waits for the ones under way, then disconnects.
   */
  stop(): Promise<void>;
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * A slash command's answer ready within this delay rides in the HTTP acknowledgement itself (Slack
 * accepts a message body there): one round trip less for the member. Past it, the bot acks empty
 * and answers on the response URL; Slack's own limit for the ack is 3 s.
 */
const ANSWER_IN_ACK_MS = 2000;
// (Slack's limit is 3 s: the setting is capped below it, whatever the caller asks.)
const MAX_ANSWER_IN_ACK_MS = 2500;

/**
 * The Slack side of the bot: every registry command as a slash command, buttons, and forms as
 * modals, all through the one dispatcher. Acks first, works after; replies through response_url.
 */
export function createSlackAdapter(settings: SlackSettings, deps: SlackDeps): SlackAdapter {
  const { dispatcher, registry, identity, i18n, logger } = deps;
  const boltLogger = slackLogger(logger);
  const clientOptions = {
    ...(settings.apiUrl
      ? { slackApiUrl: settings.apiUrl.endsWith("/") ? settings.apiUrl : `${settings.apiUrl}/` }
      : {}),
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000 },
    logger: boltLogger,
  };
  const socketMode = Boolean(settings.appToken);
  const oauth = settings.oauth ? oauthWiring(settings.oauth, clientOptions, logger) : undefined;
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: settings.signingSecret ?? "",
        endpoints: "/slack/events",
        logger: boltLogger,
        unhandledRequestTimeoutMillis: 2800,
        ...oauth?.receiverOptions,
        ...(settings.routes?.length ? { customRoutes: settings.routes } : {}),
      });
  const app = new App({
    ...(oauth ? {} : { token: settings.botToken }),
    logger: boltLogger,
    clientOptions,
    extendedErrorHandler: true,
    // Bolt's conversation store is not used; left on, it builds an Error for every request.
    convoStore: false,
    ...(socketMode ? { socketMode: true, appToken: settings.appToken } : { receiver }),
  });
  if (receiver) receiver.requestListener = refuseWhileStopping(refuseFutureRequests(receiver.requestListener));
  const inFlight = new InFlight();
  let stopping = false;
  function refuseWhileStopping(listener: (req: IncomingMessage, res: ServerResponse) => void) {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (!stopping) return listener(req, res);
      // Slack sends the request again (to another instance behind the same address).
      res.writeHead(503, { connection: "close", "retry-after": "1" });
      res.end();
    };
  }
  // Every request is counted until its handler ends (answers posted after the ack included).
  app.use(async ({ next }) => {
    if (stopping) return;
    await inFlight.run(next);
  });
  // A signed request replayed within Slack's window (or a Slack retry) is acknowledged, not run again.
  const seenRequests = new SeenRequests();
  app.use(async ({ body, next, ...rest }) => {
    const identity = RequestIdentity.safeParse(body);
    if (
      identity.success &&
      !seenRequests.first(`${identity.data.team_id ?? identity.data.team?.id}:${identity.data.trigger_id}`)
    ) {
      if ("ack" in rest && typeof rest.ack === "function") await rest.ack();
      logger.warn({ trigger: identity.data.trigger_id }, "Slack request seen before: acknowledged, not run again");
      return;
    }
    await next();
  });
  const directory = new SlackDirectory(app.client, logger);
  // Commands and clicks (trigger id) and forms (view id) already handled: never twice, never lost.
  const seen = new SeenDeliveries();

  async function resolve(
    client: WebClient,
    teamId: string,
    teamName: string,
    userId: string,
    userName: string,
  ): Promise<ResolvedIdentity> {
    const [member, groups] = await Promise.all([
      directory.member(teamId, userId, client),
      directory.groupsOf(teamId, userId, client),
    ]);
    const locale = member.locale ? toLocale(member.locale) : null;
    // A member not seen lately is read or written in the database: that wait is bounded too.
    return dispatcher.boundedIn(locale, () =>
      identity.resolve({
        platform: "slack",
        territoryExternalId: teamId,
        territoryName: teamName,
        userExternalId: userId,
        displayName: member.name ?? userName,
        groupIds: groups,
        platformAdmin: member.isAdmin,
        locale,
      }),
    );
  }

  /** "The database does not answer, try again": in the acknowledgement when it is still open, else on the response URL. */
  async function tellUnavailable(
    error: DatabaseUnavailableError,
    target: { responseUrl?: string; userId: string; channelId: string },
    client: WebClient,
    ack?: (body: Record<string, unknown>) => Promise<boolean>,
  ): Promise<void> {
    const locale = error.locale ?? dispatcher.defaultLocale;
    const rendered = renderForSlack(dispatcher.unavailableCard(locale), i18n.translator(locale));
    logger.warn({ user: target.userId }, "database did not answer: member told to try again");
    try {
      if (ack && (await ack({ response_type: "ephemeral", ...rendered }))) return;
      await deliverAnswer({ ...target, visibility: "private" }, rendered, { client, poster, logger });
    } catch (failure) {
      logger.error({ err: failure }, "could not tell the member the database does not answer");
    }
  }

  const render = (card: Card, who: ResolvedIdentity) => renderForSlack(card, i18n.translator(who.locale));
  const poster = postingClient(app.client.slackApiUrl, logger);
  const port = (client: WebClient, who: ResolvedIdentity) =>
    slackPort(client, poster, i18n.translator(who.locale), logger);

  /**
   * The answer goes on the response URL (retried within Slack's limits), else as an ephemeral or
   * in the channel, else in the member's direct messages: a command is never left unanswered.
   */
  async function reply(
    responseUrl: string | undefined,
    card: Card,
    who: ResolvedIdentity,
    client: WebClient,
    channelId: string,
  ): Promise<void> {
    try {
      const target = { channelId, userId: who.member.externalId, visibility: card.visibility };
      await deliverAnswer(responseUrl ? { ...target, responseUrl } : target, render(card, who), {
        client,
        poster,
        logger,
      });
      if (card.files?.length) await uploadFiles(client, card, channelId, who.member.externalId);
    } catch (error) {
      logger.error({ err: error, territory: who.territory.id }, "could not answer on Slack");
    }
  }

  async function openForm(
    client: WebClient,
    triggerId: string,
    entry: CommandEntry,
    who: ResolvedIdentity,
    metadata: FormMetadata,
    only?: string[],
  ): Promise<void> {
    const view = buildModal(entry, registry.optionSpecs(entry), i18n.translator(who.locale), metadata, only);
    await client.views.open({ trigger_id: triggerId, view: view as never });
  }

  // One listener for every command: Bolt runs each listener's middleware for every request, so
  // one per command cost every command a pass through all of them. An unknown name is answered
  // by the dispatcher like on every platform.
  app.command(/^\/\S+$/, async ({ command, ack, client }) => {
    const name = command.command.replace(/^\//, "").toLowerCase();
    const module = registry.module(name);
    if (!seen.first(`command:${command.trigger_id}`)) {
      await ack();
      return; // Slack delivered this command again (a late ack, a reconnect): it already ran.
    }
    let acked = false;
    const ackOnce = async (body?: Parameters<typeof ack>[0]) => {
      if (acked) return false;
      acked = true;
      await ack(body);
      return true;
    };
    const holdAckMs = Math.min(settings.answerInAckMs ?? ANSWER_IN_ACK_MS, MAX_ANSWER_IN_ACK_MS);
    const late = setTimeout(() => void ackOnce().catch(() => undefined), holdAckMs);
    try {
      // 0: the acknowledgement is not held at all. A timer of 0 would not do: a quick command
      // can be done before it fires, and its answer would ride in the ack after all.
      if (holdAckMs <= 0) await ackOnce();
      const who = await resolve(client, command.team_id, command.team_domain, command.user_id, command.user_name);
      const typed = slackTypedText(command.text ?? "");
      const tokens = tokenize(typed);
      const sub = module && isGroup(module) ? tokens[0]?.toLowerCase() : undefined;
      const entry = module && registry.get(sub ? `${name}.${sub}` : name);
      const rest = module && isGroup(module) ? tokens.slice(1) : tokens;
      if (entry?.definition.form && rest.length === 0 && mayRun(entry.definition.roles, who.member.roles)) {
        await ackOnce();
        await openForm(client, command.trigger_id, entry, who, { ch: command.channel_id, a: {} });
        return;
      }
      const card = await dispatcher.execute({
        identity: who,
        channelId: command.channel_id,
        platform: port(client, who),
        command: name,
        text: typed,
      });
      clearTimeout(late);
      // Files go through the Web API after the message, so such an answer takes the response URL.
      const inAck = card.files?.length
        ? false
        : await ackOnce({
            response_type: card.visibility === "channel" ? "in_channel" : "ephemeral",
            ...render(card, who),
          });
      if (!inAck) {
        await ackOnce();
        await reply(command.response_url, card, who, client, command.channel_id);
      }
    } catch (error) {
      clearTimeout(late);
      if (error instanceof DatabaseUnavailableError) {
        const target = { responseUrl: command.response_url, userId: command.user_id, channelId: command.channel_id };
        await tellUnavailable(error, target, client, (body) => ackOnce(body as Parameters<typeof ack>[0]));
        return;
      }
      await ackOnce().catch(() => undefined);
      logger.error({ err: error, command: command.command }, "slash command failed");
    } finally {
      clearTimeout(late);
    }
  });

  app.action(/^btn:\d+$/, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== "block_actions" || action.type !== "button" || !body.team) return;
    if (!seen.first(`action:${body.trigger_id}:${"action_ts" in action ? action.action_ts : ""}`)) return;
    await yieldToIo();
    try {
      const who = await resolve(
        client,
        body.team.id,
        body.team.domain ?? body.team.id,
        body.user.id,
        body.user.name ?? body.user.id,
      );
      const payload = decodeButton(action.value);
      const entry = payload ? registry.get(payload.c) : undefined;
      const t = i18n.translator(who.locale);
      if (!payload || !entry) {
        await reply(
          body.response_url,
          { title: t("common:error_title"), tone: "error", visibility: "private", lines: [t("errors:invalid_button")] },
          who,
          client,
          body.channel?.id ?? "",
        );
        return;
      }
      const channelId = body.channel?.id ?? "";
      if (payload.k && mayRun(entry.definition.roles, who.member.roles)) {
        await openForm(client, body.trigger_id, entry, who, { ch: channelId, a: payload.a }, payload.k);
        return;
      }
      const [command = "", subcommand] = entry.path;
      const card = await dispatcher.execute({
        identity: who,
        channelId,
        platform: port(client, who),
        command,
        ...(subcommand ? { subcommand } : {}),
        values: payload.a,
      });
      await reply(body.response_url, card, who, client, channelId);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        const target = { responseUrl: body.response_url, userId: body.user.id, channelId: body.channel?.id ?? "" };
        await tellUnavailable(error, target, client);
        return;
      }
      logger.error({ err: error }, "button failed");
    }
  });

  app.view(new RegExp(`^${FORM_CALLBACK_PREFIX}`), async ({ ack, body, view, client }) => {
    if (seen.has(`view:${view.id}`)) {
      await ack();
      return;
    }
    const entry = registry.get(view.callback_id.slice(FORM_CALLBACK_PREFIX.length));
    const metadata = (() => {
      try {
        return FormMetadata.safeParse(JSON.parse(view.private_metadata));
      } catch {
        return null;
      }
    })();
    const values = readModalValues(view.state.values);
    if (!entry || !metadata?.success || !values || !body.team) {
      await ack();
      logger.warn({ callback: view.callback_id }, "unreadable form submission ignored");
      return;
    }
    try {
      const who = await resolve(
        client,
        body.team.id,
        body.team.domain ?? body.team.id,
        body.user.id,
        body.user.name ?? body.user.id,
      );
      const channelId = metadata.data.ch;
      const [command = "", subcommand] = entry.path;
      const request = {
        identity: who,
        channelId,
        platform: port(client, who),
        command,
        ...(subcommand ? { subcommand } : {}),
        values: { ...metadata.data.a, ...values },
      };
      let card: Card;
      try {
        const prepared = await dispatcher.prepare(request);
        seen.add(`view:${view.id}`);
        await ack();
        card = await dispatcher.run(prepared);
      } catch (error) {
        const option = isUserError(error) ? error.context.option : undefined;
        if (isUserError(error) && typeof option === "string" && view.blocks.some((b) => b.block_id === option)) {
          // A field that does not parse is shown next to the field; the form stays open.
          await ack({
            response_action: "errors",
            errors: { [option]: dispatcher.userErrorText(error, who.locale) },
          });
          return;
        }
        await ack();
        card = dispatcher.errorCard(error, request);
      }
      await reply(undefined, card, who, client, channelId);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        // Resolving the member failed before the form was acknowledged: close it, then tell.
        await ack().catch(() => undefined);
        await tellUnavailable(error, { userId: body.user.id, channelId: metadata.data.ch }, client);
        return;
      }
      logger.error({ err: error, callback: view.callback_id }, "form submission failed");
    }
  });

  oauth?.register(app);
  // The App Home tab: the member's own list (as /moi), refreshed each time they open it.
  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    try {
      const who = await resolve(client, body.team_id, body.team_id, event.user, event.user);
      const card = await dispatcher.execute({
        identity: who,
        channelId: event.channel,
        platform: port(client, who),
        command: "moi",
      });
      await client.views.publish({ user_id: event.user, view: homeView(card, i18n.translator(who.locale)) as never });
    } catch (error) {
      logger.error({ err: error, user: event.user }, "App Home not published");
    }
  });

  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    if (oauth && error.code === ErrorCode.AuthorizationError) await oauth.notInstalled(body, error);
    else logger.error({ err: error }, "Slack app error");
  });

  return {
    app,
    reminderPorts:
      oauth && receiver?.installer
        ? oauth.reminderPorts(receiver.installer)
        : (t) => slackReminderPort(app.client, poster, t),
    async start() {
      if (socketMode) {
        await app.start();
        return null;
      }
      const server = (await app.start(settings.port)) as Server;
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      stopping = true;
      if (socketMode) {
        // Acknowledgements travel on the socket: it stays open until the work under way is done.
        await inFlight.idle();
        await app.stop();
        return;
      }
      // The server stops listening at once; the requests under way keep their connections.
      const closed = app.stop();
      await inFlight.idle();
      await closed;
    },
  };
}
