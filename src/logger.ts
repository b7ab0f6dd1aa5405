import pino, { type Logger } from "pino";

/**
 * Token-shaped text (Slack xox… tokens, Bearer headers) and secret-named fields (a client secret
 * in a request body a library prints at debug level) never reach the log.
 */
const TOKEN =
  /xox[a-z]-[\w.-]+|(Bearer\s+)[\w.-]+|((?:\\?")?(?:client_secret|[a-z_]*token)(?:\\?")?\s*[:=]\s*(?:\\?")?)[^"&\s\\]+/gi;
/** Parts of an HTTP client's error that carry request headers, hence tokens. */
const DROPPED = new Set(["config", "request", "headers", "_header", "socket", "agent"]);

export const scrubTokens = (text: string) =>
  text.replace(TOKEN, (_match, bearer?: string, field?: string) => `${bearer ?? field ?? ""}[redacted]`);

/** An error as pino writes it, without the HTTP client's request (and its Authorization header). */
export function safeError(error: unknown): unknown {
  const serialized = error instanceof Error ? pino.stdSerializers.err(error) : error;
  const text = JSON.stringify(serialized, (key, value: unknown) => (DROPPED.has(key) ? undefined : value));
  return text === undefined ? serialized : (JSON.parse(scrubTokens(text)) as unknown);
}

/** Logs go to stderr as JSON lines, so the console channel on stdout stays readable. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: "iml-chatops" }, serializers: { err: safeError } }, destination);
}
