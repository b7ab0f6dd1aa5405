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
