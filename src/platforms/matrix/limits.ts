/**
 * Matrix limits, named. The homeserver refuses events over 65,536 bytes, and an encrypted event
 * carries its content as base64 ciphertext (a third more) plus keys and ids: the plaintext must
 * stay well under, body and HTML together.
 */
export const MATRIX_MAX_EVENT_BYTES = 65_536;
export const MATRIX_MAX_PLAINTEXT_BYTES = 40_000;
/** One line of a card, in characters, before it is cut with "…". */
export const MATRIX_MAX_LINE = 2_000;
/** Choices on one card: one keycap reaction each (1️⃣ … 9️⃣). */
export const MATRIX_MAX_CHOICES = 9;
/** Commands typed by members, in characters (a long note is 500). */
export const MATRIX_MAX_COMMAND_TEXT = 4_000;
