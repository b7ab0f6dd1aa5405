import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** The token the call was made with (Authorization header, or a `token` argument). */
  token?: string;
}

type Responder = (args: Record<string, unknown>) =>
  | {
      status?: number;
      headers?: Record<string, string>;
      body: Record<string, unknown>;
      /** Post the message anyway before answering (Slack's 500 after having posted). */
      deliver?: boolean;
    }
  | undefined;

export interface ChannelMessage {
  ts: string;
  blocks: unknown;
  text: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** A reply's thread (the ts of the message it hangs from). */
  thread_ts?: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/json")) return JSON.parse(body || "{}") as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    try {
      args[key] = key === "blocks" || key === "view" || key === "metadata" ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

/**
 * A stand-in for Slack's Web API on 127.0.0.1: answers like Slack, records every call, and can be
 * scripted (a 429 with Retry-After, a 500) per method. Also receives response_url posts.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Answers shown to members: posted on a response_url, or carried by a slash command's acknowledgement. */
  readonly responses: { path: string; body: Record<string, unknown>; via: "ack" | "response_url" }[] = [];
  readonly uploads: { path: string; bytes: number }[] = [];
  private readonly scripted = new Map<string, Responder[]>();
  private readonly always = new Map<string, Responder>();
  /** Every message in each channel, oldest first, as conversations.history serves them. */
  readonly channels = new Map<string, ChannelMessage[]>();
  /** The stand-in's clock for message timestamps (tests with a fixed clock set it). */
  now: () => number = () => Date.now();
  private seq = 0;
  private server: Server | undefined;
  private readonly waiters = new Map<string, (at: number) => void>();
  private ts = 1000;
  users: Record<string, { is_admin?: boolean; locale?: string; real_name?: string }> = {};
  usergroups: { id: string; users: string[] }[] = [];
  url = "";
  /** Where `apps.connections.open` sends Socket Mode clients (set by FakeSlackSocket). */
  socketUrl = "";

  /** The next call to `method` gets this answer instead of the normal one. */
  script(method: string, responder: Responder): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), responder]);
  }

  /** Answers to response_url posts instead of 200 (a 429 storm, a 500): undefined lets one through. */
  respondWith:
    | ((path: string, attempt: number) => { status: number; headers?: Record<string, string> } | undefined)
    | null = null;
  /** Every post received on each response_url path, taken or refused. */
  readonly respondAttempts = new Map<string, number>();

  /** Resolves with the arrival time (performance.now) of the answer posted to a response_url path. */
  responseArrival(path: string): Promise<number> {
    return new Promise((resolve) => this.waiters.set(path, resolve));
  }

  /** Channels conversations.info does not know (as for a private channel the bot is not in). */
  readonly hiddenChannels = new Set<string>();

  /** Milliseconds each call to a method waits before its answer (a slow Slack). */
  readonly slowness = new Map<string, number>();

  /** Every call to `method` gets this answer until `clear`. */
  fail(method: string, responder: Responder): void {
    this.always.set(method, responder);
  }

  clear(method: string): void {
    this.always.delete(method);
    this.scripted.delete(method);
  }

  /** Puts a message in a channel as if someone else wrote it. */
  addMessage(channel: string, text: string): string {
    const ts = this.nextTs();
    this.channels.set(channel, [...(this.channels.get(channel) ?? []), { ts, text, blocks: [] }]);
    return ts;
  }

  messagesIn(channel: string): ChannelMessage[] {
    return this.channels.get(channel) ?? [];
  }

  private nextTs(): string {
    return `${Math.floor(this.now() / 1000)}.${String(++this.seq).padStart(6, "0")}`;
  }

  private deliver(args: Record<string, unknown>): ChannelMessage {
    const channel = String(args.channel);
    const metadata = args.metadata as ChannelMessage["metadata"];
    const message: ChannelMessage = {
      ts: this.nextTs(),
      blocks: args.blocks,
      text: args.text,
      ...(metadata ? { metadata } : {}),
      ...(typeof args.thread_ts === "string" ? { thread_ts: args.thread_ts } : {}),
    };
    this.channels.set(channel, [...(this.channels.get(channel) ?? []), message]);
    return message;
  }

  /** Replies in a thread, with the message it hangs from: what conversations.replies serves. */
  repliesTo(channel: string, ts: string): ChannelMessage[] {
    return this.messagesIn(channel).filter((m) => m.ts === ts || m.thread_ts === ts);
  }

  /**
   * conversations.history (a channel's messages, newest first, without thread replies) or, with
   * `ts`, conversations.replies (a thread, oldest first); both paged by an offset cursor.
   */
  private history(args: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(args.oldest ?? 0);
    const limit = Math.min(Number(args.limit ?? 100), 200);
    const offset = Number(args.cursor ?? 0);
    const channel = String(args.channel);
    const listed =
      typeof args.ts === "string"
        ? this.repliesTo(channel, args.ts)
        : [...this.messagesIn(channel)].filter((m) => !m.thread_ts || m.thread_ts === m.ts).reverse();
    const shown = listed.filter((m) => Number(m.ts) > oldest);
    const page = shown.slice(offset, offset + limit).map((m) => {
      const { metadata, ...rest } = m;
      return String(args.include_all_metadata) === "true" && metadata ? m : rest;
    });
    const more = offset + limit < shown.length;
    return {
      ok: true,
      messages: page,
      has_more: more,
      response_metadata: { next_cursor: more ? String(offset + limit) : "" },
    };
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const path = req.url ?? "/";
      const send = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      if (path.startsWith("/upload/")) {
        this.uploads.push({ path, bytes: Buffer.byteLength(body) });
        return send(200, { ok: true });
      }
      if (path.startsWith("/respond/")) {
        const via = req.headers["x-answer-via"] === "ack" ? "ack" : "response_url";
        if (via === "response_url") {
          const attempt = (this.respondAttempts.get(path) ?? 0) + 1;
          this.respondAttempts.set(path, attempt);
          const refusal = this.respondWith?.(path, attempt);
          if (refusal) return send(refusal.status, { ok: false }, refusal.headers);
        }
        this.responses.push({ path, body: JSON.parse(body || "{}") as Record<string, unknown>, via });
        this.waiters.get(path)?.(performance.now());
        this.waiters.delete(path);
        return send(200, { ok: true });
      }
      const method = path.replace(/^\/api\//, "").split("?")[0] ?? "";
      const args = parseArgs(body, req.headers["content-type"]);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
      this.calls.push({ method, args, ...(token ? { token } : {}) });
      const slow = this.slowness.get(method);
      if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
      const queue = this.scripted.get(method);
      const custom = queue?.shift()?.(args) ?? this.always.get(method)?.(args);
      if (custom) {
        if (custom.deliver) this.deliver(args);
        return send(custom.status ?? 200, custom.body, custom.headers);
      }
      send(200, this.answer(method, args, token));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  protected answer(method: string, args: Record<string, unknown>, _token?: string): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1" };
      case "users.info": {
        const user = String(args.user ?? "");
        return { ok: true, user: { id: user, name: user.toLowerCase(), ...this.users[user] } };
      }
      case "usergroups.list":
        return { ok: true, usergroups: this.usergroups };
      case "chat.postMessage":
        return { ok: true, channel: args.channel, ts: this.deliver(args).ts };
      case "conversations.history":
        return this.history({ ...args, ts: undefined });
      case "conversations.replies":
        return this.history(args);
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "apps.connections.open":
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: "invalid_auth" };
      case "conversations.info": {
        // Every channel is one the bot can see, but those a test hides (or that do not exist).
        const channel = String(args.channel ?? "");
        return this.hiddenChannels.has(channel)
          ? { ok: false, error: "channel_not_found" }
          : { ok: true, channel: { id: channel, name: channel.toLowerCase(), is_archived: false } };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D-${String(args.users)}` } };
      case "files.getUploadURLExternal":
        return { ok: true, upload_url: `${this.url}/upload/${String(args.filename)}`, file_id: `F${++this.ts}` };
      case "files.completeUploadExternal":
        return { ok: true, files: JSON.parse(String(args.files ?? "[]")) as unknown[] };
      default:
        return { ok: true };
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return "v0=" + createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
}

/** Posts a body to the bot's /slack/events the way Slack does, signed unless told otherwise. */
export async function postToBot(
  botUrl: string,
  secret: string,
  body: string,
  options: {
    timestamp?: number;
    signature?: string;
    retryNum?: number;
    contentType?: string;
    /** Off: leave an answer carried by the acknowledgement to the caller (the bench times it). */
    forwardAckAnswer?: boolean;
  } = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`${botUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? slackSignature(secret, timestamp, body),
      ...(options.retryNum !== undefined
        ? { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" }
        : {}),
    },
    body,
  });
  const text = await response.text();
  // Slack shows a message carried by the acknowledgement as it shows one posted on the response
  // URL: hand it to the stand-in's response log, marked, so tests read answers in one place.
  const responseUrl = new URLSearchParams(body).get("response_url");
  if (options.forwardAckAnswer !== false && responseUrl && ackAnswer(text)) {
    await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-answer-via": "ack" },
      body: text,
    });
  }
  return { status: response.status, text };
}

/** Whether an acknowledgement's body is a message (Bolt acks an empty body otherwise). */
export function ackAnswer(text: string): boolean {
  if (!text.trim().startsWith("{")) return false;
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === "object" && parsed !== null && ("text" in parsed || "blocks" in parsed);
}

export function slashCommand(fields: {
  command: string;
  text: string;
  user: string;
  team?: string;
  channel?: string;
  responseUrl: string;
}): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: fields.team ?? "T1",
    team_domain: "territoire-test",
    channel_id: fields.channel ?? "C-GENERAL",
    channel_name: "general",
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: "A1",
    response_url: fields.responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/**
 * A click on one of the bot's buttons as Slack sends it (block_actions). The trigger is unique per
 * click unless given (the same trigger and action time is Slack sending one click again).
 */
export function buttonClick(fields: {
  user: string;
  channel: string;
  value: string;
  responseUrl: string;
  team?: string;
  trigger?: string;
  actionTs?: string;
}): Record<string, unknown> {
  const team = fields.team ?? "T1";
  return {
    type: "block_actions",
    team: { id: team, domain: team === "T1" ? "territoire-test" : team.toLowerCase() },
    user: { id: fields.user, name: fields.user.toLowerCase() },
    channel: { id: fields.channel },
    trigger_id: fields.trigger ?? `trig-${Math.random().toString(36).slice(2)}`,
    response_url: fields.responseUrl,
    actions: [
      {
        type: "button",
        action_id: "btn:0",
        block_id: "b",
        value: fields.value,
        action_ts: fields.actionTs ?? String(Date.now() / 1000),
      },
    ],
  };
}

export function interaction(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Waits until `check` passes (work happens after the ack), or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | false, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A filled /candidature deposer form's state, as Slack submits it; `overrides` replace fields. */
export function deposerState(overrides: Record<string, unknown> = {}): { values: Record<string, unknown> } {
  return {
    values: {
      menage: { value: { type: "plain_text_input", value: "nouveau" } },
      dispositif: { value: { type: "plain_text_input", value: "dalo" } },
      public: { value: { type: "static_select", selected_option: { value: "famille" } } },
      hebergement: { value: { type: "static_select", selected_option: { value: "chrs" } } },
      ressources: { value: { type: "static_select", selected_option: { value: "minima_sociaux" } } },
      budget: { value: { type: "static_select", selected_option: { value: "oui" } } },
      composition: { value: { type: "static_select", selected_option: { value: "personne_seule" } } },
      note: { value: { type: "plain_text_input", value: "Prête à sortir." } },
      ...overrides,
    },
  };
}
