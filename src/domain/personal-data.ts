/**
 * What must never be typed into a chat message about a household: direct identifiers. The check
 * is deliberately broad (a false alarm costs a rephrasing; a leak cannot be taken back).
 */
export type PersonalDataKind = "phone" | "email" | "nir" | "birth_date";

const PATTERNS: [PersonalDataKind, RegExp][] = [
  ["email", /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u],
  // French social security number (NIR): 13 digits and a 2-digit key, often spaced.
  [
    "nir",
    /\b[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?\b/i,
  ],
  // French phone numbers: 0X XX XX XX XX, +33 X XX XX XX XX, with spaces, dots or dashes.
  ["phone", /(?:\+33[\s.-]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/],
  // A date of birth: "né(e) le …", "DDN", "date de naissance", or an explicit birth date format.
  ["birth_date", /\b(?:n[ée]e?\s+le|ddn|date\s+de\s+naissance|born\s+on|date\s+of\s+birth)\b/i],
  [
    "birth_date",
    /\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:19|20)\d{2}\b.*\b(?:ans|years?)\b|\b(?:19[2-9]\d|200\d)[-/](?:0[1-9]|1[0-2])[-/](?:0[1-9]|[12]\d|3[01])\b/i,
  ],
];

export function personalDataIn(text: string): PersonalDataKind[] {
  const found = new Set<PersonalDataKind>();
  for (const [kind, pattern] of PATTERNS) if (pattern.test(text)) found.add(kind);
  return [...found];
}
