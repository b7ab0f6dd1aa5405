import { describe, expect, it } from "vitest";
import { z } from "zod";
import { coerceValue } from "../../src/core/coerce.ts";
import { describeOptions, opt } from "../../src/core/options.ts";
import { parseOptions } from "../../src/core/parse-options.ts";
import { assignArguments, tokenizeRaw } from "../../src/core/text-args.ts";
import { BARRIERS } from "../../src/domain/vocabulary.ts";

describe("an option of several values from a list", () => {
  const schema = z.object({ mesure: opt.ref("mesure"), freins: opt.choices(BARRIERS).optional() });
  const specs = describeOptions(schema);
  const freins = specs.find((s) => s.name === "freins")!;
  const parse = (raw: Record<string, unknown>) => parseOptions(schema, specs, raw, "usage", () => "expected");

  it("is described with its list, so every platform can offer it", () => {
    expect(freins).toEqual({ name: "freins", required: false, kind: "choices", choices: [...BARRIERS] });
  });

  it("reads values typed with commas, semicolons or spaces, accents and capitals, each once", () => {
    expect(coerceValue(freins, "Dettes, santé;logement-inadapte dettes")).toEqual([
      "dettes",
      "sante",
      "logement_inadapte",
    ]);
    expect(parse({ mesure: "IML-2026-001", freins: "dettes,sante" })).toEqual({
      mesure: "IML-2026-001",
      freins: ["dettes", "sante"],
    });
  });

  it("refuses any value outside the list, naming the option", () => {
    expect(() => parse({ mesure: "IML-2026-001", freins: "dettes,violences conjugales" })).toThrow(
      expect.objectContaining({ identifier: "invalid_option", context: expect.objectContaining({ option: "freins" }) }),
    );
  });

  it("is typed as key:value in the console", () => {
    expect(assignArguments(specs, tokenizeRaw('IML-2026-001 freins:"dettes, sante"'), "usage")).toEqual({
      mesure: "IML-2026-001",
      freins: "dettes, sante",
    });
  });
});
