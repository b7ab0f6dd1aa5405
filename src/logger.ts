import pino, { type Logger } from "pino";

/** Logs go to stderr as JSON lines, so the console channel on stdout stays readable. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "iml-chatops" } }, pino.destination(2));
}
