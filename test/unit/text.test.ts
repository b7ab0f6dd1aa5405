import { describe, expect, it } from "vitest";
import { unstorableIn } from "../../src/domain/text.ts";

describe("text the bot cannot store", () => {
  it("names what is wrong: a NUL, another control character, a lone surrogate", () => {
    expect(unstorableIn("avant\u0000après")).toBe("nul");
    expect(unstorableIn("cloche\u0007")).toBe("control");
    expect(unstorableIn("suppr\u007f")).toBe("control");
    expect(unstorableIn("c1\u0085")).toBe("control");
    expect(unstorableIn("emoji coupé \ud83d")).toBe("lone_surrogate");
    expect(unstorableIn("\ude00 fin")).toBe("lone_surrogate");
  });

  it("accepts tabs, line breaks, accents and whole emoji", () => {
    expect(unstorableIn("Ligne 1\nLigne 2\r\n\tfin — « éàç » 😀 👩‍👩‍👧")).toBeNull();
  });
});
