import { z } from "zod";
import type { CardButton } from "../../core/card.ts";
import { DISCORD_CUSTOM_ID_MAX_LENGTH } from "./limits.ts";

/**
 * Compact, typed custom ids. A button: `b|<command>|<args as a query string>|<options to ask>`,
 * e.g. `b|candidature.decider|ref=C-2026-001&decision=refusee|motif`. A form: `f|<nonce>`.
 * Anything else, or anything that does not parse, is refused.
 */
const Command = z
  .string()
  .regex(/^[a-z-]+(\.[a-z-]+)?$/)
  .max(60);
const ButtonId = z.object({
  command: Command,
  args: z.record(z.string().max(40), z.string().max(60)),
  ask: z
    .array(
      z
        .string()
        .regex(/^[a-z-]+$/)
        .max(40),
    )
    .max(5),
});
export type ButtonId = z.infer<typeof ButtonId>;

export class CustomIdTooLong extends Error {}

export function encodeButtonId(button: CardButton): string {
  const id = ["b", button.command, new URLSearchParams(button.args).toString(), (button.ask ?? []).join(",")].join("|");
  if (id.length > DISCORD_CUSTOM_ID_MAX_LENGTH) {
    throw new CustomIdTooLong(
      `Button "${button.label}" needs a ${id.length}-character custom id; Discord allows ${DISCORD_CUSTOM_ID_MAX_LENGTH}. Shorten its arguments (references, not texts).`,
    );
  }
  return id;
}

export function decodeButtonId(customId: string): ButtonId | null {
  const parts = customId.split("|");
  if (parts.length !== 4 || parts[0] !== "b") return null;
  const args = Object.fromEntries(new URLSearchParams(parts[2] ?? ""));
  const parsed = ButtonId.safeParse({ command: parts[1], args, ask: parts[3] ? parts[3].split(",") : [] });
  return parsed.success ? parsed.data : null;
}

export const FORM_PREFIX = "f|";
export const RETRY_PREFIX = "r|";

export function decodeNonce(customId: string, prefix: string): string | null {
  if (!customId.startsWith(prefix)) return null;
  const nonce = customId.slice(prefix.length);
  return /^[a-z0-9]{8,32}$/.test(nonce) ? nonce : null;
}
