/** Why a text cannot be stored as typed, or null: a NUL, another control character, a lone surrogate. */
export type UnstorableText = "nul" | "control" | "lone_surrogate";

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
// C0 controls but tab, line feed and carriage return; DEL; C1 controls.
const isControl = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);

/**
 * PostgreSQL refuses NUL in text, and a lone surrogate (half of an emoji, from a broken client)
 * cannot be encoded in UTF-8: either fails deep in a write. Control characters are invisible
 * in every client and break rendering. The text is refused with the field named instead.
 */
export function unstorableIn(text: string): UnstorableText | null {
  let found: UnstorableText | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return "nul";
    if (isHigh(c) && isLow(text.charCodeAt(i + 1))) i++;
    else if (isHigh(c) || isLow(c)) found = "lone_surrogate";
    else if (isControl(c) && found === null) found = "control";
  }
  return found;
}
