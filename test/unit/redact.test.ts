import { describe, expect, it } from "vitest";
import { scrubTokens } from "../../src/core/redact.ts";
import { safeError } from "../../src/logger.ts";

describe("secrets kept out of the log", () => {
  it("scrubs Slack tokens, Bearer headers and secret-named fields", () => {
    expect(scrubTokens("failed with xoxb-12-34-abc and xoxe-1-xyz")).toBe("failed with [redacted] and [redacted]");
    expect(scrubTokens("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(scrubTokens('body: {"client_id":"1.2","client_secret":"s3cr3t","refresh_token":"r"}')).toBe(
      'body: {"client_id":"1.2","client_secret":"[redacted]","refresh_token":"[redacted]"}',
    );
    expect(scrubTokens("client_secret=s3cr3t&code=1")).toBe("client_secret=[redacted]&code=1");
    expect(scrubTokens("token_type: bot, team T1")).toBe("token_type: bot, team T1");
  });

  it("drops an HTTP error's request (and its Authorization header) from a logged error", () => {
    const error = Object.assign(new Error("An API error occurred: invalid_auth"), {
      original: { config: { headers: { Authorization: "Bearer xoxb-1-2" } }, request: { _header: "xoxb-1-2" } },
      data: { ok: false, error: "invalid_auth" },
    });
    const logged = JSON.stringify(safeError(error));
    expect(logged).not.toContain("xoxb");
    expect(logged).toContain("invalid_auth");
  });
});
