import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseEuros } from "../../src/core/coerce.ts";
import { UserError } from "../../src/core/errors.ts";
import { describeOptions, opt } from "../../src/core/options.ts";
import { parseOptions } from "../../src/core/parse-options.ts";
import { assignArguments, tokenize } from "../../src/core/text-args.ts";
import { parseGrantSubject } from "../../src/domain/grant-subject.ts";

const schema = z.object({
  ref: opt.ref("candidature"),
  decision: opt.choice(["validee", "refusee", "ajournee"]),
  motif: opt.text(200).optional(),
});
const specs = describeOptions(schema);
const expected = () => "EXPECTED";

function parse(line: string) {
  return parseOptions(schema, specs, assignArguments(specs, tokenize(line), "USAGE"), "USAGE", expected);
}

function failure(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("typed text arguments", () => {
  it("groups quoted words", () => {
    expect(tokenize('a "b c" « d e » “f g” h')).toEqual(["a", "b c", "d e", "f g", "h"]);
    expect(tokenize('x aide:"FSL refusé le 10/05" y=«a b»')).toEqual(["x", "aide:FSL refusé le 10/05", "y=a b"]);
  });

  it("reads options in order, by name, and lets the last text take the rest", () => {
    expect(parse("C-2026-001 refusée logement trop petit")).toEqual({
      ref: "C-2026-001",
      decision: "refusee",
      motif: "logement trop petit",
    });
    expect(parse("motif:ok decision:Validée C-2026-001")).toEqual({
      ref: "C-2026-001",
      decision: "validee",
      motif: "ok",
    });
    expect(parse("C-2026-001 refusee motif:pas de logement adapté")).toEqual({
      ref: "C-2026-001",
      decision: "refusee",
      motif: "pas de logement adapté",
    });
  });

  it("names the missing or invalid option", () => {
    const missing = failure(() => parse("C-2026-001"));
    expect(missing.identifier).toBe("missing_option");
    expect(missing.context.option).toBe("decision");
    const invalid = failure(() => parse("C-2026-001 peut-etre"));
    expect(invalid.identifier).toBe("invalid_option");
    expect(invalid.context).toMatchObject({ option: "decision", received: "peut-etre", expected: "EXPECTED" });
  });

  it("refuses too many words when the last option is not text, and unknown named options", () => {
    const numbers = z.object({ annee: opt.integer(2000, 2100), nombre: opt.integer(0, 10) });
    const numberSpecs = describeOptions(numbers);
    expect(failure(() => assignArguments(numberSpecs, tokenize("2026 3 4"), "U")).identifier).toBe(
      "too_many_arguments",
    );
    expect(
      failure(() => parseOptions(numbers, numberSpecs, { annee: "2026", nombre: "3", autre: "x" }, "U", expected))
        .identifier,
    ).toBe("unknown_option");
    expect(
      failure(() => parseOptions(numbers, numberSpecs, { annee: "2026", nombre: "3.5" }, "U", expected)).identifier,
    ).toBe("invalid_option");
  });

  it("passes over optional options a word cannot be", () => {
    const bilan = z.object({
      mesure: opt.ref("mesure"),
      issue: opt.choice(["prolonger", "fin"]),
      raison: opt.choice(["depart", "echec"]).optional(),
      date: opt.date().optional(),
      motif: opt.text(100).optional(),
    });
    const bilanSpecs = describeOptions(bilan);
    expect(assignArguments(bilanSpecs, tokenize("IML-1 fin depart"), "U")).toEqual({
      mesure: "IML-1",
      issue: "fin",
      raison: "depart",
    });
    expect(assignArguments(bilanSpecs, tokenize("IML-1 prolonger 01/09/2026 bon budget"), "U")).toEqual({
      mesure: "IML-1",
      issue: "prolonger",
      date: "01/09/2026",
      motif: "bon budget",
    });
    expect(assignArguments(bilanSpecs, tokenize("IML-1 prolonger bon budget"), "U")).toEqual({
      mesure: "IML-1",
      issue: "prolonger",
      motif: "bon budget",
    });
    // A required option always takes the word, so its error names it.
    expect(assignArguments(bilanSpecs, tokenize("IML-1 peut-etre"), "U")).toEqual({
      mesure: "IML-1",
      issue: "peut-etre",
    });
  });

  it("refuses oversized text", () => {
    const error = failure(() => parse(`C-2026-001 refusee ${"x".repeat(201)}`));
    expect(error.context.option).toBe("motif");
  });

  it("describes options for every platform from the schema", () => {
    expect(specs).toEqual([
      { name: "ref", kind: "ref", required: true, min: 1, max: 40, entity: "candidature" },
      { name: "decision", kind: "choice", required: true, choices: ["validee", "refusee", "ajournee"] },
      { name: "motif", kind: "text", required: false, min: 1, max: 200, screening: { screened: true } },
    ]);
  });

  it("reads euros as cents", () => {
    expect(parseEuros("1 234,50")).toBe(123450);
    expect(parseEuros("1234.5 €")).toBe(123450);
    expect(parseEuros("12")).toBe(1200);
    expect(parseEuros("12,345")).toBe("12,345");
    expect(parseEuros("-5")).toBe("-5");
  });

  it("reads platform mentions as role subjects", () => {
    expect(parseGrantSubject("<@&123456>")).toEqual({ kind: "group", id: "123456" });
    expect(parseGrantSubject("<!subteam^S0ABC|@siao>")).toEqual({ kind: "group", id: "S0ABC" });
    expect(parseGrantSubject("<@U0123|marie>")).toEqual({ kind: "user", id: "U0123" });
    expect(parseGrantSubject("<@!987>")).toEqual({ kind: "user", id: "987" });
    expect(parseGrantSubject("groupe:bailleurs")).toEqual({ kind: "group", id: "bailleurs" });
    expect(parseGrantSubject("demo")).toEqual({ kind: "user", id: "demo" });
    expect(parseGrantSubject("two words")).toBeNull();
  });
});

describe("free text in the middle", () => {
  it("takes the extra words, wherever the text option stands", () => {
    const action = z.object({
      ref: opt.ref("situation"),
      texte: opt.text(300),
      responsable: opt.ref("member"),
      echeance: opt.date(),
    });
    const specs = describeOptions(action);
    expect(assignArguments(specs, tokenize("S-2026-001 Contacter le FSL <@U1> 2026-12-01"), "U")).toEqual({
      ref: "S-2026-001",
      texte: "Contacter le FSL",
      responsable: "<@U1>",
      echeance: "2026-12-01",
    });
    expect(assignArguments(specs, tokenize('S-2026-001 "Contacter le FSL" <@U1> 2026-12-01'), "U")).toEqual({
      ref: "S-2026-001",
      texte: "Contacter le FSL",
      responsable: "<@U1>",
      echeance: "2026-12-01",
    });
  });
});
