import { randomBytes } from "node:crypto";

/** Random bytes drawn ahead for row ids: one draw per 1,024 ids instead of one per id. */
const POOL_IDS = 1024;
const ID_BYTES = 12;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * An id for a row written in plain SQL (Prisma fills its own only in its own writes): 24 hex
 * characters from the system's secure random source. A morning's ledger draws some 10,000, and a
 * draw of 12 bytes each cost as much as the row's insert.
 */
export function newRowId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = pool.toString("hex", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
