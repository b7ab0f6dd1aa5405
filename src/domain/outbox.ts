/** Waits between two tries of a message that was not posted: 1, 2, 4… minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The outbox key of a card published for a record: the record and the version of it the card
 * shows (a resubmitted candidature is a new card), so publishing it again finds the same row.
 * Short enough for a Discord nonce (25 characters) with the references the bot makes.
 */
export function publishedCardKey(reference: string, version: number): string {
  return `card:${reference}:${version}`;
}

/** The record version a published card's key names, or null for another key. */
export function publishedCardVersion(key: string): number | null {
  const match = /^card:.+:(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
}
