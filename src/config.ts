import { z } from "zod";
import { readSecretKey, SecretKeyError } from "./core/secret-box.ts";
import { DEFAULT_DATABASE_SETTINGS, type DatabaseSettings } from "./db/client.ts";
import { parseMatrixTerritories } from "./domain/matrix-territories.ts";
import type { MatrixSettings } from "./platforms/matrix/matrix-app.ts";

/** Every setting of the bot, read once from the environment. */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/bot.db")
    .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
      message: "file:<path> (SQLite) or postgresql://user@host:port/db",
    }),
  BOT_LOCALE: z.enum(["fr", "en"], { message: "fr or en" }).default("fr"),
  BOT_TIMEZONE: z
    .string()
    .default("Europe/Paris")
    .refine(isTimeZone, { message: "an IANA time zone such as Europe/Paris" }),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      message: "fatal, error, warn, info, debug, trace or silent",
    })
    .default("info"),
  CONSOLE: z.enum(["auto", "on", "off"], { message: "auto, on or off" }).default("auto"),
  DEMO_DATA: z.enum(["on", "off"], { message: "on or off" }).default("on"),
  SCHEDULER: z.enum(["on", "off"], { message: "on or off" }).default("on"),
  EXPORT_DIR: z.string().trim().min(1).default("./data/exports"),
  PORT: z.coerce.number({ message: "a TCP port number" }).int().min(1).max(65535).default(3000),
  HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULT_DATABASE_SETTINGS.poolSize),
  DB_CONNECT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(DEFAULT_DATABASE_SETTINGS.connectTimeoutMs),
  DB_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(DEFAULT_DATABASE_SETTINGS.statementTimeoutMs),
  DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_DATABASE_SETTINGS.idleTimeoutMs),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(DEFAULT_DATABASE_SETTINGS.sqliteBusyTimeoutMs),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: z.url({ message: "an http(s) URL" }).optional(),
  SLACK_PUBLIC_URL: z.url({ message: "an http(s) URL" }).optional(),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  TOKEN_ENCRYPTION_KEY: optionalText,
  TOKEN_ENCRYPTION_KEY_PREVIOUS: optionalText,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: z.url({ message: "an http(s) URL" }).optional(),
  MATRIX_HOMESERVER_URL: z.url({ message: "an http(s) URL" }).optional(),
  MATRIX_USER_ID: z
    .string()
    .trim()
    .regex(/^@[^:\s]+:\S+$/)
    .optional(),
  MATRIX_ACCESS_TOKEN: optionalText,
  MATRIX_PASSWORD: optionalText,
  MATRIX_RECOVERY_KEY: optionalText,
  MATRIX_TERRITORIES: optionalText,
  MATRIX_REQUEST_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

/** What each variable expects, said the same way whatever zod check failed. */
const EXPECTED: Record<keyof typeof ConfigSchema.shape, string> = {
  DATABASE_URL: "file:<path> (SQLite) or postgresql://user@host:port/db",
  BOT_LOCALE: "fr or en",
  BOT_TIMEZONE: "an IANA time zone such as Europe/Paris",
  LOG_LEVEL: "fatal, error, warn, info, debug, trace or silent",
  CONSOLE: "auto, on or off",
  SCHEDULER: "on or off",
  DEMO_DATA: "on or off",
  EXPORT_DIR: "a folder where the console saves files (reports, exports)",
  PORT: "a TCP port number between 1 and 65535",
  HEALTH_PORT: "a TCP port number between 1 and 65535",
  DB_POOL_SIZE: "a number of connections between 1 and 1000",
  DB_CONNECT_TIMEOUT_MS: "milliseconds between 100 and 600000",
  DB_STATEMENT_TIMEOUT_MS: "milliseconds between 100 and 3600000",
  DB_IDLE_TIMEOUT_MS: "milliseconds between 100 and 3600000",
  SQLITE_BUSY_TIMEOUT_MS: "milliseconds between 0 and 600000",
  SLACK_BOT_TOKEN: "a Slack bot token (xoxb-...)",
  SLACK_SIGNING_SECRET: "the Slack app's signing secret",
  SLACK_APP_TOKEN: "a Slack app-level token (xapp-...)",
  SLACK_API_URL: "an http(s) URL",
  SLACK_PUBLIC_URL: "the bot's public address, e.g. https://bot.example.org",
  SLACK_CLIENT_ID: "the Slack app's client id",
  SLACK_CLIENT_SECRET: "the Slack app's client secret",
  SLACK_STATE_SECRET: "a random secret of at least 32 characters that signs the OAuth state",
  TOKEN_ENCRYPTION_KEY: "32 random bytes in base64 (openssl rand -base64 32)",
  TOKEN_ENCRYPTION_KEY_PREVIOUS:
    "the key being replaced, 32 bytes in base64 (kept for one start while tokens are re-encrypted)",
  DISCORD_TOKEN: "a Discord bot token",
  DISCORD_APPLICATION_ID: "a Discord application id",
  DISCORD_API_URL: "an http(s) URL",
  MATRIX_HOMESERVER_URL: "the homeserver's client API URL, e.g. https://matrix.agent.tchap.gouv.fr",
  MATRIX_USER_ID: "the bot's Matrix user id, e.g. @iml-bot:agent.tchap.gouv.fr",
  MATRIX_ACCESS_TOKEN: "the bot account's access token",
  MATRIX_PASSWORD: "the bot account's password",
  MATRIX_RECOVERY_KEY: "the recovery key of the bot's key backup (48 characters in groups of 4)",
  MATRIX_TERRITORIES:
    'territories and their rooms or spaces: "Finistère=!abc:server,!def:server; Morbihan=!space:server"',
  MATRIX_REQUEST_INTERVAL_MS: "milliseconds between two requests to the homeserver (0 to 60000)",
};

export type Config = z.infer<typeof ConfigSchema>;

/** Secrets are named in error messages, never echoed. */
const SECRET_KEYS = new Set([
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
  "TOKEN_ENCRYPTION_KEY",
  "TOKEN_ENCRYPTION_KEY_PREVIOUS",
  "DISCORD_TOKEN",
]);

const OAUTH_KEYS = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

/**
 * How Slack is served: one workspace with its bot token, many workspaces installed by OAuth
 * (client id, secret and state secret), or not at all.
 */
export function slackMode(config: Config): "token" | "oauth" | null {
  if (OAUTH_KEYS.some((key) => config[key])) return "oauth";
  return config.SLACK_BOT_TOKEN ? "token" : null;
}

function oauthProblems(config: Config): string[] {
  const problems: string[] = [];
  for (const key of OAUTH_KEYS)
    if (!config[key])
      problems.push(`${key}: required in OAuth mode (with ${OAUTH_KEYS.filter((k) => k !== key).join(" and ")})`);
  if (!config.SLACK_SIGNING_SECRET)
    problems.push("SLACK_SIGNING_SECRET: required in OAuth mode (Slack signs every request)");
  if (!config.SLACK_PUBLIC_URL)
    problems.push(
      "SLACK_PUBLIC_URL: required in OAuth mode (the redirect URL and the install link are built from it), e.g. https://bot.example.org",
    );
  if (config.SLACK_BOT_TOKEN)
    problems.push(
      "SLACK_BOT_TOKEN: must not be set in OAuth mode (each workspace's token comes from its installation)",
    );
  if (config.SLACK_APP_TOKEN) problems.push("SLACK_APP_TOKEN: OAuth mode serves HTTP, not Socket Mode; unset it");
  if (config.SLACK_STATE_SECRET && config.SLACK_STATE_SECRET.length < 32)
    problems.push(`SLACK_STATE_SECRET: expected ${EXPECTED.SLACK_STATE_SECRET}`);
  if (!config.TOKEN_ENCRYPTION_KEY) {
    problems.push(
      "TOKEN_ENCRYPTION_KEY: required in OAuth mode, workspace tokens are stored encrypted with it; expected 32 random bytes in base64 (openssl rand -base64 32)",
    );
  }
  for (const key of ["TOKEN_ENCRYPTION_KEY", "TOKEN_ENCRYPTION_KEY_PREVIOUS"] as const) {
    const value = config[key];
    if (!value) continue;
    try {
      readSecretKey(value);
    } catch (error) {
      const why = error instanceof SecretKeyError ? error.message : "unreadable";
      problems.push(`${key}: ${why}; expected ${EXPECTED[key]}`);
    }
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") relevant[key] = value;
  }
  const parsed = ConfigSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "?");
      const expected = EXPECTED[key as keyof typeof EXPECTED] ?? issue.message;
      const shown = SECRET_KEYS.has(key) ? key : `${key}=${JSON.stringify(relevant[key] ?? "")}`;
      return `${shown}: expected ${expected}`;
    });
    throw new ConfigError(problems);
  }
  const config = parsed.data;
  const problems: string[] = slackMode(config) === "oauth" ? oauthProblems(config) : [];
  if (slackMode(config) === "token" && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    problems.push(
      "SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  }
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) {
    problems.push("DISCORD_APPLICATION_ID: required with DISCORD_TOKEN");
  }
  if (config.MATRIX_HOMESERVER_URL) {
    if (!config.MATRIX_USER_ID) problems.push("MATRIX_USER_ID: required with MATRIX_HOMESERVER_URL");
    if (!config.MATRIX_ACCESS_TOKEN && !config.MATRIX_PASSWORD)
      problems.push("MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD: one is required with MATRIX_HOMESERVER_URL");
    if (!config.MATRIX_TERRITORIES)
      problems.push(`MATRIX_TERRITORIES: required with MATRIX_HOMESERVER_URL (${EXPECTED.MATRIX_TERRITORIES})`);
    else if (!parseMatrixTerritories(config.MATRIX_TERRITORIES))
      problems.push(
        `MATRIX_TERRITORIES=${JSON.stringify(config.MATRIX_TERRITORIES)}: expected ${EXPECTED.MATRIX_TERRITORIES}`,
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The adapter's settings from the environment's (config.ts has checked they are complete). */
export function matrixSettings(config: Config): MatrixSettings | null {
  const territories = config.MATRIX_TERRITORIES ? parseMatrixTerritories(config.MATRIX_TERRITORIES) : null;
  if (!config.MATRIX_HOMESERVER_URL || !config.MATRIX_USER_ID || !territories) return null;
  return {
    homeserverUrl: config.MATRIX_HOMESERVER_URL,
    userId: config.MATRIX_USER_ID,
    accessToken: config.MATRIX_ACCESS_TOKEN,
    password: config.MATRIX_PASSWORD,
    recoveryKey: config.MATRIX_RECOVERY_KEY,
    territories,
    requestIntervalMs: config.MATRIX_REQUEST_INTERVAL_MS,
    locale: config.BOT_LOCALE,
  };
}

/** How the bot waits on its database, from the environment's settings. */
export function databaseSettings(config: Config): DatabaseSettings {
  return {
    poolSize: config.DB_POOL_SIZE,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    idleTimeoutMs: config.DB_IDLE_TIMEOUT_MS,
    sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS,
  };
}
