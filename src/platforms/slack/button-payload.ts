import { z } from "zod";
import type { CardButton } from "../../core/card.ts";

/**
 * A button's value: the command it runs and its preset arguments, as compact JSON. Clicks carry
 * it back; anything that does not parse (forged, truncated, from an old version) is rejected.
 */
export const ButtonPayload = z.object({
  c: z
    .string()
    .regex(/^[a-z-]+(\.[a-z-]+)?$/)
    .max(60),
  a: z.record(z.string().max(40), z.string().max(300)),
  k: z.array(z.string().max(40)).max(5).optional(),
});
export type ButtonPayload = z.infer<typeof ButtonPayload>;

export function encodeButton(button: CardButton): string {
  const payload: ButtonPayload = {
    c: button.command,
    a: button.args,
    ...(button.ask?.length ? { k: button.ask } : {}),
  };
  return JSON.stringify(payload);
}

export function decodeButton(value: unknown): ButtonPayload | null {
  if (typeof value !== "string") return null;
  try {
    const parsed = ButtonPayload.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
