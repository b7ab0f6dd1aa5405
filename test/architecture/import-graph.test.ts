import { describe, expect, it } from "vitest";
import { findCycles, type ImportGraph, layerViolations } from "./import-graph.ts";

// The checker itself, on small graphs: the layer test above would pass vacuously if it could not
// see a wrong arrow or a loop.
const graphOf = (...edges: [string, string][]): ImportGraph => ({
  files: [...new Set(edges.flat())].map((p) => ({ path: p, layer: undefined, unit: p })),
  edges: edges.map(([from, to]) => ({ from, to, spec: to })),
});

describe("import graph checker", () => {
  it("names a type import from core to a service", () => {
    const graph = graphOf(["src/core/command.ts", "src/services/index.ts"]);
    expect(layerViolations(graph)).toEqual([
      {
        from: "src/core/command.ts",
        spec: "src/services/index.ts",
        rule: "core may not import services, a layer above it",
      },
    ]);
  });

  it("refuses the domain importing anything of the project", () => {
    expect(layerViolations(graphOf(["src/domain/quota.ts", "src/core/clock.ts"]))).toHaveLength(1);
  });

  it("refuses one platform importing another, and services importing report renderers", () => {
    const graph = graphOf(
      ["src/platforms/slack/render.ts", "src/platforms/discord/render.ts"],
      ["src/services/reports.ts", "src/reports/pdf.ts"],
    );
    expect(layerViolations(graph).map((v) => v.rule)).toEqual([
      "platforms may not import its sibling platforms",
      "services may not import its sibling reports",
    ]);
  });

  it("allows downward arrows and imports within a folder", () => {
    const graph = graphOf(
      ["commands/mesures.ts", "src/services/mesures.ts"],
      ["src/services/mesures.ts", "src/services/types.ts"],
      ["src/platforms/slack/slack-app.ts", "src/platforms/slack/render.ts"],
    );
    expect(layerViolations(graph)).toEqual([]);
  });

  it("finds a cycle through several files, once", () => {
    const graph = graphOf(
      ["src/services/identity.ts", "src/services/identity-cache.ts"],
      ["src/services/identity-cache.ts", "src/services/identity.ts"],
      ["src/services/a.ts", "src/services/b.ts"],
    );
    expect(findCycles(graph)).toEqual([
      ["src/services/identity.ts", "src/services/identity-cache.ts", "src/services/identity.ts"],
    ]);
  });
});
