import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";

/** What makes a request one: its trigger id (a slash command, a click, a form), within its team. */
export const RequestIdentity = z.object({
  trigger_id: z.string().min(1),
  team_id: z.string().optional(),
  team: z.object({ id: z.string() }).nullish(),
});

/** Slack signs a request with its time; Bolt refuses one from more than five minutes ago only. */
export const REQUEST_WINDOW_SEC = 5 * 60;

/**
 * Refuses, like Bolt refuses a stale one, a request stamped more than five minutes in the future:
 * with the signature checked only against the past, a request signed ahead could be replayed for
 * as long as its stamp stays ahead.
 */
export function refuseFutureRequests(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  nowMs: () => number = Date.now,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const stamp = Number(req.headers["x-slack-request-timestamp"]);
    if (Number.isFinite(stamp) && stamp - Math.floor(nowMs() / 1000) > REQUEST_WINDOW_SEC) {
      res.writeHead(401);
      res.end();
      return;
    }
    listener(req, res);
  };
}

/**
 * Requests already handled, by their identity (a slash command's or a click's trigger id): a
 * signed request replayed within Slack's five-minute window is acknowledged and not run again.
 */
export class SeenRequests {
  private readonly seen = new Map<string, number>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** True the first time an identity is seen in the window. */
  first(identity: string): boolean {
    const now = this.nowMs();
    // Kept in the order seen: the sweep stops at the first identity still in the window (a full
    // sweep per request cost more than the request itself under load).
    for (const [key, at] of this.seen) {
      if (now - at <= REQUEST_WINDOW_SEC * 1000 * 2) break;
      this.seen.delete(key);
    }
    if (this.seen.has(identity)) return false;
    this.seen.set(identity, now);
    return true;
  }
}
