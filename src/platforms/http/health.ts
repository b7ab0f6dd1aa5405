import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readiness } from "../../db/health.ts";

/** How long /readyz waits for the database's answer: an orchestrator's probe is short. */
export const READINESS_TIMEOUT_MS = 1000;

export interface HealthRoute {
  path: string;
  method: "GET";
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HealthState {
  readiness(ms: number): Promise<Readiness>;
  /** True once a stop began: not ready for new work any more, though still alive. */
  stopping(): boolean;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/**
 * GET /healthz: the process is alive (200). GET /readyz: 200 only when the database answers a
 * trivial query in time and every migration is applied, and no stop has begun; 503 with a
 * short reason otherwise.
 */
export function healthRoutes(state: HealthState): HealthRoute[] {
  return [
    { path: "/healthz", method: "GET", handler: (_req, res) => send(res, 200, { status: "ok" }) },
    {
      path: "/readyz",
      method: "GET",
      handler: (_req, res) => {
        if (state.stopping()) return send(res, 503, { status: "unavailable", reason: "stopping" });
        state.readiness(READINESS_TIMEOUT_MS).then(
          (ready) =>
            ready.ready
              ? send(res, 200, { status: "ready" })
              : send(res, 503, { status: "unavailable", reason: ready.reason }),
          () => send(res, 503, { status: "unavailable", reason: "database_error" }),
        );
      },
    },
  ];
}

export interface HealthServer {
  port: number;
  stop(): Promise<void>;
}

/** The two routes on a server of their own, when no Slack HTTP server carries them. */
export async function startHealthServer(port: number, routes: readonly HealthRoute[]): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route) route.handler(req, res);
    else send(res, 404, { status: "not_found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
