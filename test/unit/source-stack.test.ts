import { mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourceStack } from "../../src/core/source-stack.ts";
import { safeError } from "../../src/logger.ts";

describe("stack traces of the compiled bundle, pointed back at the sources", () => {
  let dir = "";
  let compiled = "";
  /** Where `throw` landed in the compiled file (1-based, as in a stack trace). */
  let line = 0;
  let column = 0;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "iml-source-stack-"));
    writeFileSync(
      path.join(dir, "thrower.ts"),
      [
        "// A module whose lines move when compiled.",
        "export function fail(): never {",
        '  throw new Error("boom");',
        "}",
        "",
      ].join("\n"),
    );
    await build({
      entryPoints: [path.join(dir, "thrower.ts")],
      outdir: path.join(dir, "dist"),
      format: "esm",
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      logLevel: "silent",
    });
    compiled = path.join(dir, "dist", "thrower.js");
    const lines = readFileSync(compiled, "utf8").split("\n");
    line = lines.findIndex((l) => l.includes("throw")) + 1;
    column = (lines[line - 1] ?? "").indexOf("throw") + 1;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("replaces a compiled position by its source file, line and column, as a path or a file URL", () => {
    const source = path.relative(process.cwd(), path.join(dir, "thrower.ts"));
    const stack = [
      "Error: boom",
      `    at fail (${pathToFileURL(compiled).href}:${line}:${column})`,
      `    at ${compiled}:${line}:${column}`,
    ].join("\n");
    expect(sourceStack(stack)).toBe(["Error: boom", `    at fail (${source}:3:3)`, `    at ${source}:3:3`].join("\n"));
  });

  it("is how the logger writes an error's stack", () => {
    const error = new Error("boom");
    error.stack = `Error: boom\n    at fail (${pathToFileURL(compiled).href}:${line}:${column})`;
    const source = path.relative(process.cwd(), path.join(dir, "thrower.ts"));
    expect(safeError(error)).toMatchObject({ message: "boom", stack: `Error: boom\n    at fail (${source}:3:3)` });
  });

  it("logs an error whose stack is not text as it is", () => {
    const error = new Error("odd");
    Object.defineProperty(error, "stack", { value: { frames: 3 } });
    expect(safeError(error)).toMatchObject({ message: "odd", stack: { frames: 3 } });
  });

  it("leaves frames without a map as they are (Node's own, a package, a file that is gone)", () => {
    const stack = [
      "Error: boom",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      `    at ${path.join(dir, "missing.js")}:1:10`,
      "    at file:///nowhere/module.mjs:4:2",
    ].join("\n");
    expect(sourceStack(stack)).toBe(stack);
  });
});
