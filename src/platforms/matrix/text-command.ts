import { z } from "zod";
import { MATRIX_MAX_COMMAND_TEXT } from "./limits.ts";

/** The parts of an `m.room.message` content the bot reads; anything else is ignored. */
export const MessageContent = z.object({
  msgtype: z.string(),
  body: z.string(),
  format: z.string().optional(),
  formatted_body: z.string().optional(),
  "m.relates_to": z
    .object({
      rel_type: z.string().optional(),
      event_id: z.string().optional(),
      "m.in_reply_to": z.object({ event_id: z.string() }).optional(),
    })
    .optional(),
});
export type MessageContent = z.infer<typeof MessageContent>;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/**
 * The text of a message as the member meant it: pills (`<a href="https://matrix.to/#/@x:server">X</a>`)
 * become the user id they stand for, so `!config role <pill> siao` names the member; the fallback
 * of a rich reply (`<mx-reply>`, quoted lines) is left out.
 */
export function messageText(content: MessageContent): string {
  let text: string;
  if (content.format === "org.matrix.custom.html" && content.formatted_body) {
    text = content.formatted_body
      .replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, "")
      .replace(
        /<a\s[^>]*href="https:\/\/matrix\.to\/#\/([^"?/]+)[^"]*"[^>]*>([\s\S]*?)<\/a>/gi,
        (_, id: string, label: string) => {
          const decoded = safeDecode(id);
          return decoded.startsWith("@") ? decoded : label;
        },
      )
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<[^>]+>/g, "")
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "");
  } else {
    const lines = content.body.split("\n");
    // Rich reply fallback: "> <@user> quoted" lines, then an empty line.
    let start = 0;
    while (start < lines.length && lines[start]?.startsWith(">")) start += 1;
    if (start > 0 && lines[start] === "") start += 1;
    text = lines.slice(start).join("\n");
  }
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === "\n" ? "\n" : " "))
    .trim()
    .slice(0, MATRIX_MAX_COMMAND_TEXT);
}

export type ParsedMessage =
  | { kind: "command"; command: string; text: string }
  /** `!2`: the second choice of the card whose thread this is. */
  | { kind: "choice"; index: number }
  | { kind: "cancel" }
  /** Plain text: an answer to a guided form, or nothing for the bot. */
  | { kind: "text"; text: string };

const CANCEL = new Set(["annuler", "cancel", "stop"]);

/** Reads a member's message: `!command words`, `!N`, `!annuler`, or plain text. */
export function parseMessage(text: string): ParsedMessage {
  const match = /^!(\S*)\s*([\s\S]*)$/.exec(text);
  if (!match) return { kind: "text", text };
  const word = (match[1] ?? "").toLowerCase();
  const rest = (match[2] ?? "").replace(/\s*\n\s*/g, " ").trim();
  if (/^[1-9]$/.test(word) && rest === "") return { kind: "choice", index: Number(word) - 1 };
  if (CANCEL.has(word) && rest === "") return { kind: "cancel" };
  return { kind: "command", command: word, text: rest };
}
