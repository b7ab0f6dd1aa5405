import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SnowflakeUtil } from "discord.js";
import { WebSocketServer, type WebSocket } from "ws";
import { messageProblems, modalProblems } from "./discord-rules.ts";

export interface RestCall {
  method: string;
  path: string;
  body: unknown;
}

const USER = (id: string, name = id.toLowerCase()) => ({
  id,
  username: name,
  discriminator: "0",
  global_name: name,
  avatar: null,
});
export const ADMINISTRATOR = "8";

/** Discord leaves out the localization maps of commands unless asked `with_localizations=true`. */
function withoutLocalizations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocalizations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "name_localizations" && key !== "description_localizations")
      .map(([key, v]) => [key, withoutLocalizations(v)]),
  );
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A stand-in for Discord on 127.0.0.1: REST (recording every call, scriptable 429s) and a WebSocket
 * gateway that says HELLO, answers IDENTIFY with READY and GUILD_CREATE, and dispatches
 * INTERACTION_CREATE payloads built as Discord sends them.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  /** Calls refused as Discord refuses them (over a limit, late, answered twice), with the reason. */
  readonly rejected: (RestCall & { status: number; problems: string[] })[] = [];
  /** Discord forgets an interaction this long after sending it: a first answer later gets 10062. */
  interactionWindowMs = 3000;
  private readonly sentAt = new Map<string, number>();
  private readonly answered = new Set<string>();
  /** Every dispatch of the session, for RESUME to replay what a dropped connection missed. */
  private readonly history: { op: 0; t: string; s: number; d: unknown }[] = [];
  /** Messages a thread was started from (the thread has the message's id). */
  readonly threads = new Set<string>();
  /** How many IDENTIFY and RESUME the gateway received. */
  readonly gatewayLog: string[] = [];
  readonly commands = new Map<string, unknown[]>();
  private readonly rateLimited = new Map<string, number>();
  private readonly serverErrors = new Map<string, number>();
  private readonly failing = new Map<string, { count: number; deliver: boolean }>();
  private readonly unreadable = new Set<string>();
  /** Messages posted in each channel, oldest first (with the nonce they were created with). */
  readonly channelMessages = new Map<string, Record<string, unknown>[]>();
  /** The stand-in's clock for message ids (snowflakes carry their creation time). */
  now: () => number = () => Date.now();
  private sequence = 0;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private seq = 0;
  private nextId = 100;
  url = "";
  guild = { id: "G1", name: "Serveur test", channels: ["C-GEN", "C-SIAO"], roles: ["1001", "1002"] };
  /** Channels GET /channels/:id does not know (10003), those of another server, and voice channels. */
  readonly missingChannels = new Set<string>();
  readonly foreignChannels = new Set<string>();
  readonly voiceChannels = new Set<string>();

  /** The next `count` calls whose path matches get a 429 with retry_after. */
  /** The next `count` calls whose path matches get a 500 (discord.js retries them 3 times). */
  failCalls(pathPart: string, count: number): void {
    this.serverErrors.set(pathPart, count);
  }

  rateLimit(pathPart: string, count = 1): void {
    this.rateLimited.set(pathPart, count);
  }

  /**
   * The next `count` message creations in a channel answer 500; with `deliver`, the message is
   * made first (Discord failing after having posted).
   */
  failPosts(channelId: string, count: number, deliver: boolean): void {
    this.failing.set(channelId, { count, deliver });
  }

  /** Reading the channel's messages answers 403 Missing Access (50001). */
  hideHistory(channelId: string, hidden = true): void {
    if (hidden) this.unreadable.add(channelId);
    else this.unreadable.delete(channelId);
  }

  messagesIn(channelId: string): Record<string, unknown>[] {
    return this.channelMessages.get(channelId) ?? [];
  }

  /** Someone else writes in the channel. */
  addMessage(channelId: string, content: string): void {
    this.store(channelId, { content });
  }

  private store(channelId: string, body: unknown): Record<string, unknown> {
    // Snowflakes made from the stand-in's clock, one millisecond apart, so "before" paging works.
    const id = SnowflakeUtil.generate({ timestamp: this.now() + ++this.sequence }).toString();
    const nonce = (body as { nonce?: unknown } | undefined)?.nonce;
    const message = { ...this.message(channelId, body, id), ...(nonce !== undefined ? { nonce } : {}) };
    this.channelMessages.set(channelId, [...this.messagesIn(channelId), message]);
    return message;
  }

  private channelPost(channelId: string, body: unknown): { status: number; payload: unknown } {
    const { nonce, enforce_nonce } = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
    const existing =
      nonce !== undefined && enforce_nonce === true
        ? this.messagesIn(channelId).find((m) => m.nonce === nonce)
        : undefined;
    const failure = this.failing.get(channelId);
    if (failure && failure.count > 0) {
      failure.count--;
      if (failure.deliver && !existing) this.store(channelId, body);
      return { status: 500, payload: { message: "500: Internal Server Error", code: 0 } };
    }
    return { status: 200, payload: existing ?? this.store(channelId, body) };
  }

  private channelHistory(channelId: string, query: URLSearchParams): { status: number; payload: unknown } {
    if (this.unreadable.has(channelId)) return { status: 403, payload: { message: "Missing Access", code: 50001 } };
    const limit = Math.min(Number(query.get("limit") ?? 50), 100);
    const before = query.get("before");
    const newestFirst = [...this.messagesIn(channelId)]
      .reverse()
      .filter((m) => !before || BigInt(String(m.id)) < BigInt(before));
    return { status: 200, payload: newestFirst.slice(0, limit).map(({ nonce: _nonce, ...m }) => m) };
  }

  callbacks(): RestCall[] {
    return this.calls.filter((c) => /\/interactions\/.+\/callback/.test(c.path));
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const [rawPath = "/", query = ""] = (req.url ?? "/").split("?");
      const path = rawPath.replace(/^\/api\/v10/, "");
      const method = req.method ?? "GET";
      this.calls.push({ method, path, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      for (const [part, count] of this.serverErrors) {
        if (path.includes(part) && count > 0) {
          this.serverErrors.set(part, count - 1);
          return send(500, { message: "500: Internal Server Error", code: 0 });
        }
      }
      for (const [part, count] of this.rateLimited) {
        if (path.includes(part) && count > 0) {
          this.rateLimited.set(part, count - 1);
          return send(
            429,
            { message: "You are being rate limited.", retry_after: 0.3, global: false },
            { "retry-after": "1", "x-ratelimit-scope": "user" },
          );
        }
      }
      const refusal = this.refusal(method, path, body);
      if (refusal) {
        this.rejected.push({ method, path, body, status: refusal.status, problems: refusal.problems });
        return send(refusal.status, refusal.payload);
      }
      const fetched = method === "GET" ? /^\/channels\/([^/]+)$/.exec(path)?.[1] : undefined;
      if (fetched && this.missingChannels.has(fetched)) return send(404, { message: "Unknown Channel", code: 10003 });
      const channel = /^\/channels\/([^/]+)\/messages$/.exec(path)?.[1];
      if (channel && (method === "POST" || method === "GET")) {
        const { status, payload } =
          method === "POST"
            ? this.channelPost(channel, body)
            : this.channelHistory(channel, new URLSearchParams(query));
        return send(status, payload);
      }
      const answer = this.answer(method, path, body);
      send(
        200,
        new URLSearchParams(query).get("with_localizations") === "true" ? answer : withoutLocalizations(answer),
      );
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on("connection", (socket) => this.gateway(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  /** What Discord would refuse: payloads over its limits, and interactions answered late or twice. */
  private refusal(
    method: string,
    path: string,
    body: unknown,
  ): { status: number; payload: unknown; problems: string[] } | undefined {
    const invalid = (problems: string[]) =>
      problems.length > 0
        ? { status: 400, payload: { message: "Invalid Form Body", code: 50035, errors: problems }, problems }
        : undefined;
    const callback = /^\/interactions\/([^/]+)\/[^/]+\/callback$/.exec(path);
    if (callback) {
      const id = callback[1] ?? "";
      const sent = this.sentAt.get(id);
      if (sent === undefined || Date.now() - sent > this.interactionWindowMs)
        return { status: 404, payload: { message: "Unknown interaction", code: 10062 }, problems: ["late"] };
      if (this.answered.has(id))
        return {
          status: 400,
          payload: { message: "Interaction has already been acknowledged.", code: 40060 },
          problems: ["twice"],
        };
      const { type, data } = (body ?? {}) as { type?: number; data?: unknown };
      const problems = type === 9 ? modalProblems(data) : messageProblems(data);
      if (problems.length === 0) this.answered.add(id);
      return invalid(problems);
    }
    const thread = /^\/channels\/[^/]+\/messages\/([^/]+)\/threads$/.exec(path);
    if (thread) {
      if (this.threads.has(thread[1] ?? ""))
        return {
          status: 400,
          payload: { message: "A thread has already been created for this message", code: 160004 },
          problems: ["thread exists"],
        };
      const name = (body as { name?: unknown } | undefined)?.name;
      return typeof name === "string" && name.length >= 1 && name.length <= 100
        ? undefined
        : invalid([`thread name: ${String(name)}`]);
    }
    if ((method === "POST" || method === "PATCH") && /^\/(channels|webhooks)\/.*messages/.test(path))
      return invalid(messageProblems(body));
    if (method === "POST" && /^\/webhooks\/[^/]+\/[^/]+$/.test(path)) return invalid(messageProblems(body));
    return undefined;
  }

  private message(channelId: string, body: unknown, id = String(this.nextId++)): Record<string, unknown> {
    const content = (body ?? {}) as Record<string, unknown>;
    return {
      id,
      channel_id: channelId,
      author: USER("BOT", "bot"),
      content: "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: content.embeds ?? [],
      components: content.components ?? [],
      pinned: false,
      type: 0,
    };
  }

  private answer(method: string, path: string, body: unknown): unknown {
    const port = new URL(this.url).port;
    if (path === "/gateway/bot")
      return {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      };
    if (/\/interactions\/.+\/callback/.test(path)) return { interaction: { id: path.split("/")[2], type: 2 } };
    if (path === "/users/@me/channels") {
      const recipient = String((body as { recipient_id?: unknown } | undefined)?.recipient_id);
      return { id: `DM-${recipient}`, type: 1, recipients: [USER(recipient)] };
    }
    let match = /^\/webhooks\/[^/]+\/[^/]+\/messages\/(.+)$/.exec(path);
    if (match) return this.message("C-GEN", body, "ORIGINAL");
    match = /^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/.exec(path);
    if (match) {
      // A thread started from a message takes its id; a second start is refused (code 160004).
      this.threads.add(match[2] ?? "");
      return {
        id: match[2],
        type: 11,
        guild_id: this.guild.id,
        parent_id: match[1],
        name: (body as { name?: string } | undefined)?.name ?? "",
        thread_metadata: { archived: false, auto_archive_duration: 10080, locked: false },
      };
    }
    match = /^\/channels\/([^/]+)$/.exec(path);
    if (match)
      return {
        id: match[1],
        type: this.voiceChannels.has(match[1]!) ? 2 : 0,
        guild_id: this.foreignChannels.has(match[1]!) ? "G-OTHER" : this.guild.id,
        name: match[1]!.toLowerCase(),
        position: 0,
        permission_overwrites: [],
      };
    match = /^\/channels\/([^/]+)\/messages(?:\/([^/]+))?$/.exec(path);
    if (match) return this.message(match[1]!, body, match[2]);
    match = /^\/applications\/[^/]+(?:\/guilds\/([^/]+))?\/commands$/.exec(path);
    if (match) {
      const key = match[1] ?? "global";
      if (method === "PUT")
        this.commands.set(
          key,
          (body as unknown[]).map((c, i) => ({ id: `cmd${i}`, application_id: "APP", version: "1", ...(c as object) })),
        );
      return this.commands.get(key) ?? [];
    }
    return {};
  }

  private send(payload: Record<string, unknown>): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(payload));
  }

  /** Drops the gateway connection as a network fault would (no close frame). */
  dropConnection(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  private gateway(socket: WebSocket): void {
    this.socket = socket;
    this.send({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null });
    socket.on("message", (raw) => {
      const frame = JSON.parse(raw.toString()) as { op: number; d?: { session_id?: string; seq?: number } };
      if (frame.op === 1) this.send({ op: 11, d: null, s: null, t: null });
      if (frame.op === 6) {
        // RESUME: replay what the session missed, in order, then RESUMED.
        this.gatewayLog.push("resume");
        const after = frame.d?.seq ?? 0;
        for (const missed of this.history.filter((h) => h.s > after)) this.send(missed);
        this.send({ op: 0, t: "RESUMED", s: ++this.seq, d: {} });
      }
      if (frame.op === 2) {
        this.gatewayLog.push("identify");
        const port = new URL(this.url).port;
        this.dispatch("READY", {
          v: 10,
          user: { ...USER("BOT", "bot"), bot: true },
          guilds: [{ id: this.guild.id, unavailable: true }],
          session_id: "session",
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          application: { id: "APP", flags: 0 },
        });
        this.dispatch("GUILD_CREATE", {
          id: this.guild.id,
          name: this.guild.name,
          icon: null,
          owner_id: "UOWNER",
          roles: [this.guild.id, ...this.guild.roles].map((id, position) => ({
            id,
            name: id === this.guild.id ? "@everyone" : `role-${id}`,
            permissions: "0",
            position,
            color: 0,
            hoist: false,
            managed: false,
            mentionable: false,
            flags: 0,
          })),
          channels: this.guild.channels.map((id, position) => ({
            id,
            type: 0,
            name: id.toLowerCase(),
            guild_id: this.guild.id,
            position,
            permission_overwrites: [],
          })),
          members: [],
          emojis: [],
          stickers: [],
          features: [],
          member_count: 3,
          large: false,
          unavailable: false,
          joined_at: "2026-01-01T00:00:00.000Z",
          voice_states: [],
          presences: [],
          threads: [],
          stage_instances: [],
          guild_scheduled_events: [],
          premium_tier: 0,
          preferred_locale: "fr",
        });
      }
    });
  }

  dispatch(t: string, d: unknown): void {
    const frame = { op: 0 as const, t, s: ++this.seq, d };
    this.history.push(frame);
    this.send(frame);
  }

  /** Sends an interaction as Discord would, and returns its id. */
  interact(
    type: 2 | 3 | 4 | 5,
    data: Record<string, unknown>,
    who: { user: string; name?: string; roles?: string[]; permissions?: string; locale?: string; channel?: string },
    extra: Record<string, unknown> = {},
  ): string {
    const id = String(this.nextId++);
    this.sentAt.set(id, Date.now());
    this.dispatch("INTERACTION_CREATE", {
      id,
      application_id: "APP",
      type,
      data,
      guild_id: this.guild.id,
      channel_id: who.channel ?? "C-GEN",
      channel: { id: who.channel ?? "C-GEN", type: 0, guild_id: this.guild.id, name: "general" },
      member: {
        user: USER(who.user, who.name),
        roles: who.roles ?? [],
        permissions: who.permissions ?? "0",
        joined_at: "2026-01-01T00:00:00.000Z",
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        premium_since: null,
        pending: false,
      },
      token: `token-${id}`,
      version: 1,
      locale: who.locale ?? "fr",
      guild_locale: "fr",
      app_permissions: "8",
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      attachment_size_limit: 8_000_000,
      ...extra,
    });
    return id;
  }

  button(
    customId: string,
    who: { user: string; roles?: string[]; permissions?: string; channel?: string },
    messageId = "M1",
  ): string {
    return this.interact(3, { custom_id: customId, component_type: 2 }, who, {
      message: this.message(who.channel ?? "C-GEN", {}, messageId),
    });
  }

  callbackFor(id: string): RestCall | undefined {
    return this.calls.find((c) => c.path.startsWith(`/interactions/${id}/`));
  }

  async stop(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
