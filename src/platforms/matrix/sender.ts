import type { Logger } from "pino";

/** What the sender needs to know of an error: Matrix's rate limit, or a request that never got an answer. */
interface RetryableShape {
  errcode?: unknown;
  httpStatus?: unknown;
  name?: unknown;
  getRetryAfterMs?: () => number | null;
  data?: { retry_after_ms?: unknown };
}

export interface SenderOptions {
  /** Pause between two requests (Tchap asks bots for about one a second). */
  intervalMs: number;
  /** Attempts for one request before giving up (rate limits and outages). */
  maxAttempts?: number;
  /** Longest wait between attempts during an outage. */
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long the homeserver asked us to wait, or null when the error is not a rate limit. */
export function retryAfter(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as RetryableShape;
  if (e.errcode !== "M_LIMIT_EXCEEDED" && e.httpStatus !== 429) return null;
  const fromHeader = typeof e.getRetryAfterMs === "function" ? e.getRetryAfterMs() : null;
  const fromBody = typeof e.data?.retry_after_ms === "number" ? e.data.retry_after_ms : null;
  return Math.max(0, fromHeader ?? fromBody ?? 1000);
}

/** A request that may not have reached the homeserver (connection refused, timeout, 5xx). */
export function isTransient(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as RetryableShape;
  if (e.name === "ConnectionError" || e.name === "TimeoutError" || e.name === "AbortError") return true;
  return typeof e.httpStatus === "number" && e.httpStatus >= 500;
}

/**
 * Every request the bot makes to the homeserver goes through here, one at a time and paced. A
 * rate limit waits what the homeserver says (`retry_after_ms`); an outage is retried with backoff.
 * Only idempotent requests are given to it: sends carry their own transaction id, so a retry of a
 * send that did arrive is recognised by the homeserver and not posted twice.
 */
export class MatrixSender {
  private queue: Promise<unknown> = Promise.resolve();
  private last = Number.NEGATIVE_INFINITY;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    private readonly options: SenderOptions,
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  /** Resolves once every request given so far has ended (sent, or failed for good). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  run<T>(what: string, request: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.attempt(what, request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async attempt<T>(what: string, request: () => Promise<T>): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    let backoff = 1000;
    for (let attempt = 1; ; attempt += 1) {
      const wait = this.last + this.options.intervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      this.last = this.now();
      try {
        return await request();
      } catch (error) {
        const limited = retryAfter(error);
        const transient = limited === null && isTransient(error);
        if ((limited === null && !transient) || attempt >= maxAttempts) throw error;
        const delay = limited ?? backoff;
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
        this.logger.warn({ what, attempt, delayMs: delay, rateLimited: limited !== null }, "Matrix request retried");
        await this.sleep(delay);
      }
    }
  }
}
