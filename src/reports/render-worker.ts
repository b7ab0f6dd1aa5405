import { parentPort } from "node:worker_threads";
import { type RenderJob, renderJob } from "./jobs.ts";

// The rendering thread: takes one job, answers with its files or its error, and ends.
parentPort?.once("message", (job: RenderJob) => {
  renderJob(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) =>
      parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
