import type { Card } from "../../core/card.ts";
import { outboxMarker, type PlatformPort, type PostedMessage, type ReminderPort } from "../../core/command.ts";
import type { Translate } from "../../core/i18n.ts";
import { renderCardText } from "./render.ts";

/**
 * The console's "channels" are the terminal: posts and updates are printed with the channel
 * they were meant for. Messages are remembered in this process, so a marker can be found again.
 */
export function consolePort(
  write: (text: string) => void,
  t: Translate,
  posted: Map<string, string> = new Map(),
): PlatformPort & ReminderPort {
  return {
    async post(channelId: string, content: Card, _key?: string, thread?: string): Promise<PostedMessage> {
      const messageId = String(posted.size + 1);
      const text = renderCardText(content, t);
      posted.set(messageId, text);
      const where = thread
        ? t("common:console.replied_in", { channel: channelId, message: thread })
        : `${t("common:console.posted_in", { channel: channelId })} (#${messageId})`;
      write(`── ${where}\n${text}`);
      return { channelId, messageId };
    },
    async update(message: PostedMessage, content: Card): Promise<void> {
      write(
        `── ${t("common:console.updated_in", { channel: message.channelId })} (#${message.messageId})\n${renderCardText(content, t)}`,
      );
    },
    // The console's channels are names it prints: any name is one.
    async checkChannel(): Promise<"known"> {
      return "known";
    },
    async findMessage(_channelId: string, key: string): Promise<string | null> {
      for (const [id, text] of posted) if (text.includes(outboxMarker(key))) return id;
      return null;
    },
  };
}
