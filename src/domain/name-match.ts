/** A name as compared when someone types part of it: no accents, no case, single spaces. */
export function foldName(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Whether what a member typed designates this person: a part of their name, whatever the accents
 * and case ("ele" finds "Hélène Martin"), or the start of their platform id.
 */
export function matchesPerson(typed: string, person: { displayName: string; externalId: string }): boolean {
  const wanted = foldName(typed);
  if (wanted === "") return true;
  return foldName(person.displayName).includes(wanted) || person.externalId.startsWith(typed.trim());
}
