import { describe, expect, it } from "vitest";
import { publishedCardKey } from "../../src/domain/outbox.ts";

describe("a published card's outbox key", () => {
  it("names the record and its version, so a resubmission is a new card", () => {
    expect(publishedCardKey("C-2026-014", 1)).toBe("card:C-2026-014:1");
    expect(publishedCardKey("C-2026-014", 2)).not.toBe(publishedCardKey("C-2026-014", 1));
  });

  it("fits a Discord nonce (25 characters) for the longest references the bot makes", () => {
    expect(publishedCardKey("SEC-2026-99999", 99).length).toBeLessThanOrEqual(25);
  });
});
