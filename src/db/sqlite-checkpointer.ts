import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * SQLite's WAL is copied back into the database file by a checkpoint. By default the connection
 * that commits runs it, on the bot's one thread, whenever the WAL passes 1,000 pages: a morning's
 * reminders paid some 200 ms of file copies and syncs in their commits, and a member's command
 * waited behind them. Here a thread of its own, with a connection of its own, checkpoints every
 * second without blocking anyone (PASSIVE: it copies what no reader still needs, and a writer
 * goes on appending meanwhile). The bot's connection keeps a far larger automatic checkpoint as a
 * safety net, should this thread fail or fall behind.
 */
export const SAFETY_NET_PAGES = 20_000;
const EVERY_MS = 1000;

/** The thread's code: plain CommonJS, the same from the sources and from the bundle. */
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error));
  }
}, workerData.everyMs);
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(
  file: string,
  options: { busyTimeoutMs: number; everyMs?: number; onError?: (message: string) => void },
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { driver, file, busyTimeoutMs: options.busyTimeoutMs, everyMs: options.everyMs ?? EVERY_MS },
  });
  // Never what keeps the process alive, and never what ends it.
  worker.unref();
  // Said once per distinct error (a failing checkpoint fails again every second); the safety net
  // above still bounds the WAL.
  const said = new Set<string>();
  const onError =
    options.onError ??
    ((message: string) => {
      if (said.has(message)) return;
      said.add(message);
      process.emitWarning(`SQLite checkpoints in the background failed: ${message}`);
    });
  worker.on("message", (message: unknown) => onError(String(message)));
  worker.on("error", (error) => onError(error.message));
  return {
    async stop() {
      await worker.terminate();
    },
  };
}
