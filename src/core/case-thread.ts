import type { Card } from "./card.ts";
import type { CommandContext, PostedMessage } from "./command.ts";

/**
 * A case's card is the root of its thread: after an event, the card is re-rendered in place
 * from the record and the event is told in the thread beneath it (through the outbox). A case
 * never posted (no channel bound) has neither.
 */
export async function followCase(
  ctx: Pick<CommandContext, "platform" | "reply">,
  root: PostedMessage | null,
  card: Card,
  event: Card,
): Promise<void> {
  if (!root) return;
  await ctx.platform.update(root, card);
  await ctx.reply(root, event);
}
