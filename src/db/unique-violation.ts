/** Prisma's P2002: a unique constraint refused the row (the same on SQLite and PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
