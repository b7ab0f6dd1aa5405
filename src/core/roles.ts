export const ROLES = ["ccas", "siao", "comite", "finance", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A command open to every member who holds at least one role in the territory. */
export const ANY_ROLE: readonly Role[] = ROLES;
