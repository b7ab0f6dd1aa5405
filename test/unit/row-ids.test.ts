import { afterEach, describe, expect, it, vi } from "vitest";
import { newRowId } from "../../src/db/row-ids.ts";

describe("row ids drawn ahead", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives 28 hex characters, never the same twice, across several draws of the pool", () => {
    const ids = Array.from({ length: 3000 }, () => newRowId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{28}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts a later millisecond's ids after an earlier one's, whatever their random part", () => {
    vi.useFakeTimers();
    const drawn: string[] = [];
    for (const instant of ["2026-11-24T07:00:00.000Z", "2026-11-24T07:00:00.001Z", "2099-01-01T00:00:00Z"]) {
      vi.setSystemTime(new Date(instant));
      drawn.push(...Array.from({ length: 500 }, () => newRowId()));
    }
    const earlier = drawn.slice(0, 500);
    const later = drawn.slice(500, 1000);
    expect(earlier.every((a) => later.every((b) => a < b))).toBe(true);
    expect(drawn.slice(1000).every((id) => id > (later.at(-1) ?? ""))).toBe(true);
    expect(drawn[0]?.slice(0, 12)).toBe(Date.parse("2026-11-24T07:00:00.000Z").toString(16).padStart(12, "0"));
  });
});
