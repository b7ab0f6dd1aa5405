// Compiles the bot into dist/ (ESM, one file per entry plus shared chunks) so that start-up runs
// JavaScript instead of transpiling TypeScript. Packages stay external: node_modules is loaded as is.
import { build } from "esbuild";

await build({
  // report-worker: the thread that draws reports (src/reports/in-worker.ts starts it).
  entryPoints: {
    main: "src/main.ts",
    scheduler: "src/scheduler-main.ts",
    "report-worker": "src/reports/render-worker.ts",
  },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // A few packages still call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
