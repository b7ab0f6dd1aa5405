import { describe, expect, it } from "vitest";
import { commandName } from "../../src/core/option-labels.ts";
import { foldName, matchesPerson } from "../../src/domain/name-match.ts";

describe("finding a person by part of their name", () => {
  const helene = { displayName: "Hélène  Martin-Dupré", externalId: "U0123" };

  it("ignores accents, case and extra spaces", () => {
    expect(foldName("  HÉLÈNE   Martin ")).toBe("helene martin");
    for (const typed of ["helene", "MARTIN", "ène mar", "dupre", "U01", ""])
      expect(matchesPerson(typed, helene)).toBe(true);
  });

  it("does not match another name or the middle of an id", () => {
    for (const typed of ["paul", "0123", "martine"]) expect(matchesPerson(typed, helene)).toBe(false);
  });
});

describe("a label as a Discord name", () => {
  it("is lower case, without accents, with words joined", () => {
    expect(commandName("Date prévue")).toBe("date_prevue");
    expect(commandName("move in")).toBe("move_in");
    expect(commandName("x".repeat(40))).toHaveLength(32);
  });
});
