/**
 * Landlords are organisations from the territory's list; a private owner is never named. Pure.
 */

/** What members type for a private owner instead of a landlord's name. */
const PRIVATE_OWNER = /^(prive|privé|proprietaire[\s_-]*prive|propriétaire[\s_-]*privé|private(?:[\s_-]*owner)?)$/i;

export function isPrivateOwner(typed: string): boolean {
  return PRIVATE_OWNER.test(typed.trim());
}

/** A landlord's name as compared: case, accents and spacing do not make two landlords. */
export function landlordKey(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim().toLowerCase();
}

/** The territory's own reference for a private owner: letters, digits and dashes, never a name. */
export const PRIVATE_OWNER_REF = /^(?=.*\d)[A-Z0-9][A-Z0-9-]{0,19}$/i;
