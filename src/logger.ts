import pino, { type Logger } from "pino";
import { scrubSerialized } from "./core/redact.ts";

/** An error as pino writes it, without the HTTP client's request (and its Authorization header). */
export function safeError(error: unknown): unknown {
  return scrubSerialized(error instanceof Error ? pino.stdSerializers.err(error) : error);
}

/** Logs go to stderr as JSON lines, so the console channel on stdout stays readable. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: "iml-chatops" }, serializers: { err: safeError } }, destination);
}
