import type { ResolvedIdentity } from "../core/command.ts";

/**
 * Resolved identities kept for a few seconds: a busy channel would otherwise read the same member
 * and grants for every command. A change of roles or language in this process clears the
 * territory at once; another instance sees it within the time to live.
 */
export class IdentityCache {
  private readonly entries = new Map<string, { at: number; value: ResolvedIdentity }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): ResolvedIdentity | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: ResolvedIdentity): void {
    const oldest = this.entries.keys().next();
    if (this.entries.size >= this.maxEntries && !oldest.done) this.entries.delete(oldest.value);
    this.entries.set(key, { at: this.now(), value });
  }

  /** Forgets every member of a territory (roles or language changed). */
  forgetTerritory(territoryId: string): void {
    for (const [key, entry] of this.entries) if (entry.value.territory.id === territoryId) this.entries.delete(key);
  }
}
