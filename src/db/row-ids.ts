import { randomBytes } from "node:crypto";

/** Random bytes drawn ahead for row ids: one draw per 1,024 ids instead of one per id. */
const POOL_IDS = 1024;
const RANDOM_BYTES = 8;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * An id for a row written in plain SQL (Prisma fills its own only in its own writes): the instant
 * in milliseconds (12 hex characters) then 16 from the system's secure random source. Ids drawn
 * later sort later, so PostgreSQL adds a morning's thousands of ledger rows together, in the
 * latest region of the primary key's index, instead of in pages all over it. A draw of bytes per
 * id cost as much as the row's insert: they are drawn in bulk.
 */
export function newRowId(): string {
  if (offset + RANDOM_BYTES > pool.length) {
    pool = randomBytes(RANDOM_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = Date.now().toString(16).padStart(12, "0") + pool.toString("hex", offset, offset + RANDOM_BYTES);
  offset += RANDOM_BYTES;
  return id;
}
