import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The layers, top to bottom. A file may import its own folder and any layer strictly below its
 * own; never a layer above, never a sibling of the same rank (two platforms, core and reminders).
 * The README's architecture section says the same in words.
 */
export const LAYERS: readonly { name: string; rank: number; match: (file: string) => boolean }[] = [
  {
    name: "composition",
    rank: 8,
    match: (f) =>
      [
        "src/main.ts",
        "src/scheduler-main.ts",
        "src/app.ts",
        "src/config.ts",
        "src/logger.ts",
        "src/slack-oauth.ts",
      ].includes(f) || /^src\/(cli|jobs)\//.test(f),
  },
  { name: "platforms", rank: 7, match: (f) => f.startsWith("src/platforms/") },
  { name: "commands", rank: 6, match: (f) => f.startsWith("commands/") },
  { name: "reminders", rank: 5, match: (f) => f.startsWith("src/reminders/") },
  { name: "cards", rank: 4, match: (f) => f.startsWith("src/cards/") },
  { name: "services", rank: 3, match: (f) => f.startsWith("src/services/") },
  { name: "reports", rank: 3, match: (f) => f.startsWith("src/reports/") },
  { name: "db", rank: 2, match: (f) => f.startsWith("src/db/") },
  { name: "core", rank: 1, match: (f) => f.startsWith("src/core/") },
  { name: "domain", rank: 0, match: (f) => f.startsWith("src/domain/") },
];

export interface SourceFile {
  path: string;
  layer: string | undefined;
  /** The folder that counts as "its own": each platform is its own folder. */
  unit: string;
}

export interface ImportEdge {
  from: string;
  to: string;
  spec: string;
}

export interface ImportGraph {
  files: SourceFile[];
  edges: ImportEdge[];
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;

export function layerOf(file: string): string | undefined {
  return LAYERS.find((l) => l.match(file))?.name;
}

function unitOf(file: string): string {
  const platform = /^src\/platforms\/[^/]+\//.exec(file);
  return platform ? platform[0] : (layerOf(file) ?? file);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated" && entry.name !== "node_modules") walk(full, out);
    } else if (full.endsWith(".ts")) out.push(full);
  }
}

/** Every relative import of the .ts files under `roots` (paths relative to the repository). */
export function importGraph(roots: readonly string[]): ImportGraph {
  const paths: string[] = [];
  for (const root of roots) walk(root, paths);
  const edges: ImportEdge[] = [];
  for (const from of paths) {
    const text = readFileSync(from, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      if (!spec) continue;
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
      if (to.includes("/generated/")) continue;
      edges.push({ from, to, spec });
    }
  }
  return { files: paths.map((p) => ({ path: p, layer: layerOf(p), unit: unitOf(p) })), edges };
}

export interface LayerViolation {
  from: string;
  spec: string;
  rule: string;
}

export function layerViolations(graph: ImportGraph): LayerViolation[] {
  const rank = new Map(LAYERS.map((l) => [l.name, l.rank]));
  const violations: LayerViolation[] = [];
  for (const edge of graph.edges) {
    const fromLayer = layerOf(edge.from);
    const toLayer = layerOf(edge.to);
    if (!fromLayer || !toLayer) continue;
    if (unitOf(edge.from) === unitOf(edge.to)) continue;
    const a = rank.get(fromLayer) ?? 0;
    const b = rank.get(toLayer) ?? 0;
    if (b > a)
      violations.push({
        from: edge.from,
        spec: edge.spec,
        rule: `${fromLayer} may not import ${toLayer}, a layer above it`,
      });
    else if (b === a)
      violations.push({ from: edge.from, spec: edge.spec, rule: `${fromLayer} may not import its sibling ${toLayer}` });
  }
  return violations;
}

/** Every import cycle between files, each once, as the list of files around it. */
export function findCycles(graph: ImportGraph): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === "open") {
        const cycle = stack.slice(stack.indexOf(to));
        const key = [...cycle].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...cycle, to]);
        }
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.files.map((f) => f.path)) if (!state.has(file)) visit(file);
  return cycles;
}
