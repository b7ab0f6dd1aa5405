// Starts the rendering thread from the TypeScript sources (tests, npm run start:dev); the compiled
// bundle starts dist/report-worker.js instead.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
