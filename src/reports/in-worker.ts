import { Worker } from "node:worker_threads";
import { z } from "zod";
import type { RenderJob, RenderResult } from "./jobs.ts";

/**
 * Reports are drawn on their own thread: loading pdfkit and exceljs and laying out pages takes
 * seconds of CPU, which on the bot's thread would hold up every member's command and the
 * platforms' acknowledgements (Discord's 3 seconds). One short-lived thread per report.
 */
function workerUrl(): URL {
  // From the sources (.ts) a small bootstrap registers TypeScript; the bundle has its own entry.
  return import.meta.url.endsWith(".ts")
    ? new URL("./render-worker-boot.mjs", import.meta.url)
    : new URL("./report-worker.js", import.meta.url);
}

const Answer = z.union([
  z.object({ ok: z.literal(true), result: z.custom<RenderResult>((v) => typeof v === "object" && v !== null) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export interface RenderedFiles {
  pdf: Buffer;
  csv?: Buffer;
  xlsx?: Buffer;
  charts: Buffer[];
}

export function renderInWorker(job: RenderJob): Promise<RenderedFiles> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl());
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once("message", (message: unknown) => {
      const answer = Answer.safeParse(message);
      if (!answer.success) return settle(() => reject(new Error("the report thread answered something unexpected")));
      if (!answer.data.ok) {
        const error = answer.data.error;
        return settle(() => reject(new Error(`report rendering failed: ${error}`)));
      }
      const { pdf, csv, xlsx, charts } = answer.data.result;
      settle(() =>
        resolve({
          pdf: asBuffer(pdf),
          ...(csv ? { csv: asBuffer(csv) } : {}),
          ...(xlsx ? { xlsx: asBuffer(xlsx) } : {}),
          charts: charts.map(asBuffer),
        }),
      );
    });
    worker.once("error", (error) => settle(() => reject(error)));
    worker.once("exit", (code) => settle(() => reject(new Error(`the report thread stopped (code ${code})`))));
    worker.postMessage(job);
  });
}
