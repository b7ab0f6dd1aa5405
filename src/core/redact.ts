/**
 * Token-shaped text (Slack xox… tokens, Bearer headers) and secret-named fields (a client secret
 * in a request body a library prints at debug level) never reach the log.
 */
const TOKEN =
  /xox[a-z]-[\w.-]+|(Bearer\s+)[\w.-]+|((?:\\?")?(?:client_secret|[a-z_]*token)(?:\\?")?\s*[:=]\s*(?:\\?")?)[^"&\s\\]+/gi;

export const scrubTokens = (text: string) =>
  text.replace(TOKEN, (_match, bearer?: string, field?: string) => `${bearer ?? field ?? ""}[redacted]`);

/** Parts of an HTTP client's error that carry request headers, hence tokens. */
const DROPPED = new Set(["config", "request", "headers", "_header", "socket", "agent"]);

/** An already serialized error (plain data), without request parts and with tokens scrubbed. */
export function scrubSerialized(serialized: unknown): unknown {
  const text = JSON.stringify(serialized, (key, value: unknown) => (DROPPED.has(key) ? undefined : value));
  return text === undefined ? serialized : (JSON.parse(scrubTokens(text)) as unknown);
}
