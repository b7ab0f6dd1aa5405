import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Stack traces of the compiled bundle pointed back at the TypeScript sources, when one is logged.
 * Node's `--enable-source-maps` does the same for every trace, but reads every module's map and
 * measures every module's lines at start-up (about a fifth of the bot's start here); this reads
 * a map only when a logged error passes through one of its files.
 */
const FRAME = /(file:\/\/\/[^\s()]+?\.m?js|\/[^\s()]+?\.m?js):(\d+):(\d+)/g;
/** Maps by compiled file; null when the file has none (a package, Node's own code). */
const maps = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

/** The stack with each position in a compiled file that has a map replaced by its source position. */
export function sourceStack(stack: string): string {
  return stack.replace(FRAME, (frame, location: string, line: string, column: string) => {
    const file = location.startsWith("file://") ? fileURLToPath(location) : location;
    const map = mapOf(file);
    if (!map) return frame;
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!("originalSource" in entry)) return frame;
    const source = entry.originalSource.startsWith("file://")
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(file), entry.originalSource);
    return `${path.relative(process.cwd(), source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
