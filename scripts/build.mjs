// Compiles the bot into dist/ (ESM, one file per entry plus shared chunks) so that start-up runs
// JavaScript instead of transpiling TypeScript. Pure JavaScript packages are bundled in: resolving
// and loading them one file at a time from node_modules was most of the start-up (Bolt alone is
// some 400 files). Packages stay external when they load native code, read files beside their own
// or start threads from their own files, and those loaded only by a platform or a report.
import { rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/** Packages loaded from node_modules at run time, as installed. */
const EXTERNAL_PACKAGES = [
  // Native code.
  "better-sqlite3",
  "@resvg/resvg-js",
  "bufferutil",
  "utf-8-validate",
  "zlib-sync",
  "pg-native",
  // Threads started from their own files (pino's transports), fonts and data read from disk.
  "pino",
  "pino-*",
  "thread-stream",
  "pdfkit",
  "exceljs",
  "dejavu-fonts-ttf",
  // Loaded only when that platform is configured; their own optional and WebAssembly parts.
  "discord.js",
  "@discordjs/*",
  "matrix-js-sdk",
  "@matrix-org/*",
  // Tools, not the bot's.
  "esbuild",
  "tsx",
];

/**
 * Bolt loads its Socket Mode client, and that client undici (a megabyte), as Bolt itself loads,
 * even for a bot that answers over HTTP. Inside the Socket Mode client, undici is loaded from
 * node_modules the first time the client uses it, instead of at start.
 */
const socketModeOnDemand = {
  name: "socket-mode-on-demand",
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) => {
      // From the stand-in below: the package itself, left in node_modules.
      if (args.namespace === "on-demand") return { path: "undici", external: true };
      const fromSocketMode = args.importer.includes(`${path.sep}@slack${path.sep}socket-mode${path.sep}`);
      return fromSocketMode ? { path: "undici", namespace: "on-demand" } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "on-demand" }, () => ({
      contents:
        "let loaded; const load = () => (loaded ??= require('undici'));\n" +
        "module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });",
      loader: "js",
    }));
  },
};

/**
 * Builds into `outdir` (tests build into a directory of their own), emptied first so that no chunk
 * of an earlier build is left beside the new ones.
 */
async function buildBot(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    // report-worker: the thread that draws reports (src/reports/in-worker.ts starts it).
    entryPoints: {
      main: "src/main.ts",
      scheduler: "src/scheduler-main.ts",
      "report-worker": "src/reports/render-worker.ts",
    },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL_PACKAGES,
    plugins: [socketModeOnDemand],
    // Maps for logged stack traces (src/core/source-stack.ts reads them when an error is logged);
    // positions are all that needs, not the sources' text.
    sourcemap: true,
    sourcesContent: false,
    logLevel: "warning",
    // Bundled CommonJS packages still call require() for Node's own modules; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
}

// `node scripts/build.mjs [outdir]`
await buildBot(process.argv[2] ?? "dist");
