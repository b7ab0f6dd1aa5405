import net from "node:net";

export type ProxyMode = "forward" | "refuse" | "blackhole";

/**
 * A TCP stand-in between the bot and PostgreSQL that can fail like a real network: "refuse"
 * stops listening (ECONNREFUSED) and cuts open connections; "blackhole" accepts connections and
 * lets nothing through either way, on new and open connections alike. Back to "forward", the
 * connections that saw the black hole are cut (as a broken network leaves them) and new ones
 * reach the server again.
 */
export class DatabaseProxy {
  private server: net.Server | undefined;
  private readonly open = new Set<net.Socket>();
  private readonly holed = new Set<net.Socket>();
  mode: ProxyMode = "forward";
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly host = "127.0.0.1",
  ) {}

  /** The URL to give the bot: the target's, with this proxy's host and port. */
  url(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = this.host;
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    await this.listen();
  }

  private listen(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, this.host, () => {
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(client: net.Socket): void {
    client.on("error", () => undefined);
    if (this.mode === "blackhole") {
      this.holed.add(client);
      client.on("close", () => this.holed.delete(client));
      client.resume(); // read and drop
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    const pair = { client, upstream };
    this.open.add(client);
    client.on("close", () => this.open.delete(client));
    client.on("data", (chunk: Buffer) => {
      if (this.mode === "forward") upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (this.mode === "forward") pair.client.write(chunk);
    });
  }

  async set(mode: ProxyMode): Promise<void> {
    const before = this.mode;
    this.mode = mode;
    if (mode === "refuse") {
      for (const socket of [...this.open, ...this.holed]) socket.destroy();
      await this.closeServer();
      return;
    }
    if (mode === "blackhole") {
      for (const socket of this.open) this.holed.add(socket);
      if (!this.server) await this.listen();
      return;
    }
    if (before === "blackhole") for (const socket of this.holed) socket.destroy();
    this.holed.clear();
    if (!this.server) await this.listen();
    // The cut reaches the other end over loopback within a moment, as it would over a network.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  private closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async stop(): Promise<void> {
    for (const socket of [...this.open, ...this.holed]) socket.destroy();
    await this.closeServer();
  }
}
