import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commands } from "../../commands/index.ts";
import { card } from "../../src/core/card.ts";
import { defineCommand, defineGroup, type CommandEntry } from "../../src/core/command.ts";
import { isUserError } from "../../src/core/errors.ts";
import { opt } from "../../src/core/options.ts";
import { parseOptions } from "../../src/core/parse-options.ts";
import { Registry } from "../../src/core/registry.ts";

const registry = new Registry(commands);
const textOptions = registry.entries.flatMap((entry) =>
  registry
    .optionSpecs(entry)
    .filter((spec) => spec.kind === "text")
    .map((spec) => ({ entry, spec, label: `${entry.key} ${spec.name}` })),
);

/** What the parser answers for one value typed in one option, other options left empty. */
function refusalOf(entry: CommandEntry, option: string, value: string, from = registry) {
  try {
    parseOptions(entry.definition.options, from.optionSpecs(entry), { [option]: value }, "", () => "");
    return null;
  } catch (error) {
    return isUserError(error) ? error : null;
  }
}

const stub = async () => card("-");

describe("every text option is screened by construction", () => {
  it("walks the registry: no text option is neither screened nor exempt", () => {
    expect(textOptions.length).toBeGreaterThan(15);
    expect(registry.unscreenedTextOptions()).toEqual([]);
  });

  it("fails for a text option built without the option builders", () => {
    const careless = new Registry([
      defineGroup("essai", [
        defineCommand({
          name: "noter",
          options: z.object({
            ok: opt.text(50),
            brut: z.string().max(50),
            facultatif: z.string().optional(),
            filtre: z.string().trim().min(1).regex(/^\w+$/),
          }),
          roles: ["ccas"],
          run: stub,
        }),
      ]),
    ]);
    expect(careless.unscreenedTextOptions()).toEqual([
      "essai.noter brut",
      "essai.noter facultatif",
      "essai.noter filtre",
    ]);
  });

  it("accepts an exemption only when its declaration gives the reason", () => {
    const exempt = (why: string) =>
      new Registry([
        defineCommand({
          name: "salle",
          options: z.object({ salle: opt.unscreenedText(40, why) }),
          roles: ["ccas"],
          run: stub,
        }),
      ]);
    expect(exempt("a meeting room, never about a household").unscreenedTextOptions()).toEqual([]);
    expect(exempt("  ").unscreenedTextOptions()).toEqual(["salle salle"]);
  });

  it("keeps the screening through refinements chained after the builder", () => {
    const schema = z.object({ code: opt.text(20).regex(/^[\w ]+$/) });
    const specs = new Registry([defineCommand({ name: "x", options: schema, roles: ["ccas"], run: stub })]);
    expect(specs.unscreenedTextOptions()).toEqual([]);
    expect(refusalOf(specs.entryOf("x"), "code", "0612345678", specs)?.identifier).toBe("personal_data_refused");
  });

  it.each(textOptions.map((o) => [o.label, o] as const))(
    "%s refuses personal data, naming the field and never the text",
    (_, { entry, spec }) => {
      for (const value of ["joindre au 06 12 34 56 78", "fatima (at) gmail.com", "M. Dupont", "12 rue de la Paix"]) {
        const error = refusalOf(entry, spec.name, value);
        expect(error?.identifier, value).toBe("personal_data_refused");
        expect(error?.context.option).toBe(spec.name);
        expect(JSON.stringify(error?.context)).not.toContain(value.slice(-8));
      }
    },
  );

  it("lets an exempt option through untouched", () => {
    const exempt = new Registry([
      defineCommand({
        name: "salle",
        options: z.object({ salle: opt.unscreenedText(40, "a meeting room") }),
        roles: ["ccas"],
        run: stub,
      }),
    ]);
    expect(refusalOf(exempt.entryOf("salle"), "salle", "Salle Mme Curie", exempt)).toBeNull();
  });
});
