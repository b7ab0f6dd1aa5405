import { describe, expect, it } from "vitest";
import { publishedCardKey, publishedCardVersion } from "../../src/domain/outbox.ts";

describe("a published card's outbox key", () => {
  it("names the record and its version, so a resubmission is a new card", () => {
    expect(publishedCardKey("C-2026-014", 1)).toBe("card:C-2026-014:1");
    expect(publishedCardKey("C-2026-014", 2)).not.toBe(publishedCardKey("C-2026-014", 1));
  });

  it("fits a Discord nonce (25 characters) for the longest references the bot makes", () => {
    expect(publishedCardKey("SEC-2026-99999", 99).length).toBeLessThanOrEqual(25);
  });

  it("gives back the version it names, and nothing for another key", () => {
    expect(publishedCardVersion(publishedCardKey("C-2026-014", 3))).toBe(3);
    expect(publishedCardVersion("mh3k2x1a9f0c2b7e")).toBeNull();
    expect(publishedCardVersion("card:C-2026-014:")).toBeNull();
  });
});
