/** The platform says the channel no longer exists (or the bot was removed from it): do not retry. */
export class ChannelGoneError extends Error {
  constructor(
    readonly channelId: string,
    cause?: unknown,
  ) {
    super(`channel ${channelId} is gone`, { cause });
    this.name = "ChannelGoneError";
  }
}

/**
 * The platform answered that the message was NOT posted (a refusal, a rate limit): sending again
 * cannot double it. `retryAfterMs` is the platform's own Retry-After when it gave one. Any other
 * error from a post leaves its outcome unknown, and the outbox reconciles before sending again.
 */
export class NotSentError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = "NotSentError";
  }
}

/** A channel's history cannot be read (the bot is not in it, or too much came after): nobody can tell whether a post happened. */
export class HistoryUnreadableError extends Error {
  constructor(
    readonly channelId: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`history of ${channelId} cannot be read: ${reason}`, { cause });
    this.name = "HistoryUnreadableError";
  }
}
