import { describe, expect, it } from "vitest";
import { importGraph, layerViolations, LAYERS, findCycles } from "./import-graph.ts";

// Reads the project's own imports (type-only and dynamic ones included) from the files on disk.
const graph = importGraph(["src", "commands"]);

describe("layers point one way", () => {
  it("reads the whole tree", () => {
    // A parser that found nothing would pass the rules below vacuously.
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.edges.length).toBeGreaterThan(300);
  });

  it("has no import against the direction of the layers", () => {
    expect(layerViolations(graph).map((v) => `${v.from} imports ${v.spec} (${v.rule})`)).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("places every file in a layer", () => {
    expect(LAYERS.length).toBeGreaterThan(5);
    expect(graph.files.filter((f) => f.layer === undefined).map((f) => f.path)).toEqual([]);
  });
});
