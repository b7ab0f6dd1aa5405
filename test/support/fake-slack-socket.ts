import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { FakeSlack } from "./fake-slack.ts";

export interface Envelope {
  envelope_id: string;
  type: "slash_commands" | "interactive" | "events_api";
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/**
 * Slack's Socket Mode on 127.0.0.1, as Slack runs it: `apps.connections.open` (answered by the
 * FakeSlack it is attached to) hands out a WebSocket URL; each connection gets `hello`; envelopes
 * are acknowledged by `envelope_id` (with a response payload for forms); the server may send
 * `disconnect` (a warning, then a refresh) or drop the socket. Envelopes not acknowledged when a
 * connection ends are delivered again on the next one, with `retry_attempt` counted up.
 */
export class FakeSlackSocket {
  /** Acknowledgements received, in order: envelope id and the payload sent with it. */
  readonly acks: { envelope_id: string; payload: Record<string, unknown> }[] = [];
  connections = 0;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly unacked = new Map<string, Envelope>();
  private readonly sent = new Map<string, Envelope>();
  private readonly connected: (() => void)[] = [];
  private next = 0;

  constructor(private readonly slack: FakeSlack) {}

  async start(): Promise<void> {
    this.server = createServer((_, res) => res.writeHead(404).end());
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on("connection", (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.slack.socketUrl = `ws://127.0.0.1:${port}/link/?ticket=fake`;
  }

  private accept(socket: WebSocket): void {
    this.socket = socket;
    this.connections++;
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: "A1" },
      }),
    );
    socket.on("message", (raw) => {
      const ack = JSON.parse(raw.toString()) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (!ack.envelope_id) return;
      const payload = ack.payload ?? {};
      this.acks.push({ envelope_id: ack.envelope_id, payload });
      this.unacked.delete(ack.envelope_id);
      // A slash command's answer may ride in its acknowledgement: Slack shows it as it would
      // one posted on the response URL, so it is recorded there.
      const envelope = this.sent.get(ack.envelope_id);
      const url = envelope?.payload.response_url;
      if (envelope?.type === "slash_commands" && typeof url === "string" && ("blocks" in payload || "text" in payload))
        this.slack.responses.push({ path: new URL(url).pathname, body: payload, via: "ack" });
    });
    // What the previous connection left unacknowledged comes again, marked as a retry.
    for (const envelope of this.unacked.values()) {
      envelope.retry_attempt = (envelope.retry_attempt ?? 0) + 1;
      envelope.retry_reason = "timeout";
      socket.send(JSON.stringify(envelope));
    }
    for (const resolve of this.connected.splice(0)) resolve();
  }

  /** Resolves when the next connection is open (after a refresh or a drop). */
  nextConnection(): Promise<void> {
    return new Promise((resolve) => this.connected.push(resolve));
  }

  get open(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends an envelope now, or on the next connection when none is open. Returns its id. */
  deliver(type: Envelope["type"], payload: Record<string, unknown>, retryAttempt?: number): string {
    const envelope: Envelope = {
      envelope_id: `env-${++this.next}`,
      type,
      payload,
      accepts_response_payload: type !== "events_api",
      ...(retryAttempt ? { retry_attempt: retryAttempt, retry_reason: "timeout" } : {}),
    };
    this.unacked.set(envelope.envelope_id, envelope);
    this.sent.set(envelope.envelope_id, envelope);
    if (this.open) this.socket?.send(JSON.stringify(envelope));
    return envelope.envelope_id;
  }

  /** Sends an acknowledged envelope again, as Slack does when the acknowledgement reached it late. */
  redeliver(envelopeId: string, envelope: Omit<Envelope, "envelope_id">): void {
    this.socket?.send(
      JSON.stringify({ ...envelope, envelope_id: envelopeId, retry_attempt: 1, retry_reason: "timeout" }),
    );
  }

  /** Slack's notice before it recycles the connection, or the refresh itself. */
  disconnect(reason: "warning" | "refresh_requested" | "link_disabled"): void {
    this.socket?.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "applink-fake" } }));
  }

  /** The network drops the connection: no close frame. */
  drop(): void {
    this.socket?.terminate();
  }

  ackFor(envelopeId: string): { envelope_id: string; payload: Record<string, unknown> } | undefined {
    return this.acks.find((a) => a.envelope_id === envelopeId);
  }

  async stop(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
