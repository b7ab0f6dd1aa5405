/**
 * What Slack already delivered to this process, by a key that names one act of a member (a
 * command's or a click's trigger id, a form's view id). Slack delivers again when it did not
 * see the acknowledgement in time: over HTTP (`X-Slack-Retry-Num`) and in Socket Mode (an
 * envelope resent after a reconnect, with `retry_attempt`). Skipping every retry would lose the
 * ones whose first copy never arrived; this runs each act once, whichever copy comes first.
 */
export class SeenDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  has(key: string): boolean {
    this.sweep();
    return this.seen.has(key);
  }

  add(key: string): void {
    // Kept in the order seen, so the sweep stops at the first key still fresh.
    this.seen.delete(key);
    this.seen.set(key, this.now());
  }

  /** True the first time a key is offered (and remembers it), false for every later copy. */
  first(key: string): boolean {
    if (this.has(key)) return false;
    this.add(key);
    return true;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, at] of this.seen) {
      if (now - at <= this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
