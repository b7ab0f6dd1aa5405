import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, slackMode } from "../../src/config.ts";

const KEY = randomBytes(32).toString("base64");
const OAUTH = {
  SLACK_CLIENT_ID: "123.456",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_STATE_SECRET: "a-state-secret-of-at-least-32-characters",
  SLACK_SIGNING_SECRET: "signing-secret-value",
  SLACK_PUBLIC_URL: "https://bot.example.org",
  TOKEN_ENCRYPTION_KEY: KEY,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration of Slack's OAuth mode", () => {
  it("is OAuth mode with client id, client secret, state secret, signing secret and a key", () => {
    const config = loadConfig(OAUTH);
    expect(slackMode(config)).toBe("oauth");
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }))).toBe("token");
    expect(slackMode(loadConfig({}))).toBeNull();
  });

  it("refuses to start without TOKEN_ENCRYPTION_KEY, saying what to give", () => {
    const { TOKEN_ENCRYPTION_KEY: _, ...withoutKey } = OAUTH;
    const problems = problemsOf(withoutKey).join("\n");
    expect(problems).toContain("TOKEN_ENCRYPTION_KEY: required in OAuth mode");
    expect(problems).toContain("openssl rand -base64 32");
  });

  it("refuses a key that is not 32 bytes of base64, without echoing it", () => {
    const short = randomBytes(16).toString("base64");
    const problems = problemsOf({ ...OAUTH, TOKEN_ENCRYPTION_KEY: short }).join("\n");
    expect(problems).toContain("TOKEN_ENCRYPTION_KEY: 16 bytes instead of 32");
    expect(problems).not.toContain(short);
    expect(problemsOf({ ...OAUTH, TOKEN_ENCRYPTION_KEY: "not base64 !" }).join("\n")).toContain("not base64");
    expect(problemsOf({ ...OAUTH, TOKEN_ENCRYPTION_KEY_PREVIOUS: short }).join("\n")).toContain(
      "TOKEN_ENCRYPTION_KEY_PREVIOUS: 16 bytes instead of 32",
    );
    expect(problemsOf({ ...OAUTH, TOKEN_ENCRYPTION_KEY_PREVIOUS: randomBytes(32).toString("base64") })).toEqual([]);
  });

  it("names each missing or conflicting variable", () => {
    const problems = problemsOf({
      SLACK_CLIENT_ID: "123.456",
      SLACK_BOT_TOKEN: "xoxb-secret-token",
      SLACK_APP_TOKEN: "xapp-secret",
      SLACK_STATE_SECRET: "short",
      TOKEN_ENCRYPTION_KEY: KEY,
    });
    const text = problems.join("\n");
    expect(text).toContain("SLACK_CLIENT_SECRET: required in OAuth mode");
    expect(text).toContain("SLACK_SIGNING_SECRET: required in OAuth mode");
    expect(text).toContain("SLACK_PUBLIC_URL: required in OAuth mode");
    expect(text).toContain("SLACK_BOT_TOKEN: must not be set in OAuth mode");
    expect(text).toContain("SLACK_APP_TOKEN: OAuth mode serves HTTP");
    expect(text).toContain("SLACK_STATE_SECRET: expected a random secret of at least 32 characters");
    expect(text).not.toContain("xoxb-secret-token");
    expect(problems).toHaveLength(6);
  });

  it("stops start-up with exit code 2 and the message on stderr", () => {
    const { TOKEN_ENCRYPTION_KEY: _, ...withoutKey } = OAUTH;
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, ...withoutKey, DATABASE_URL: "file:/nonexistent/never-opened.db" },
      encoding: "utf8",
      input: "",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("TOKEN_ENCRYPTION_KEY: required in OAuth mode");
    expect(result.stderr).not.toContain(OAUTH.SLACK_CLIENT_SECRET);
  });
});
