import { describe, expect, it } from "vitest";
import { newRowId } from "../../src/db/row-ids.ts";

describe("row ids drawn ahead", () => {
  it("gives 24 hex characters, never the same twice, across several draws of the pool", () => {
    const ids = Array.from({ length: 3000 }, () => newRowId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
