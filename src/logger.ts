import pino, { type Logger } from "pino";
import { scrubSerialized } from "./core/redact.ts";
import { sourceStack } from "./core/source-stack.ts";

/**
 * An error as pino writes it, without the HTTP client's request (and its Authorization header),
 * its stack (and its causes' stacks, which pino folds into it) pointing at the TypeScript sources.
 */
export function safeError(error: unknown): unknown {
  if (!(error instanceof Error)) return scrubSerialized(error);
  const serialized = pino.stdSerializers.err(error);
  // A stack is whatever the thrower left there: logging must not fail on one that is not text.
  const stack: unknown = serialized.stack;
  return scrubSerialized(typeof stack === "string" ? { ...serialized, stack: sourceStack(stack) } : serialized);
}

/** Logs go to stderr as JSON lines, so the console channel on stdout stays readable. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: "iml-chatops" }, serializers: { err: safeError } }, destination);
}
