import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("configuration", () => {
  it("has defaults that run the console on the embedded database", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe("file:./data/bot.db");
    expect(config.BOT_LOCALE).toBe("fr");
    expect(config.BOT_TIMEZONE).toBe("Europe/Paris");
    expect(config.CONSOLE).toBe("auto");
  });

  it("lists every bad variable with what it expects", () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: "mysql://x", BOT_LOCALE: "de", BOT_TIMEZONE: "Mars/Olympus", PORT: "99999" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain('DATABASE_URL="mysql://x": expected file:<path>');
    expect(problems).toContain('BOT_LOCALE="de": expected fr or en');
    expect(problems).toContain('BOT_TIMEZONE="Mars/Olympus": expected an IANA time zone');
    expect(problems).toContain('PORT="99999": expected a TCP port number');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it("stops start-up with exit code 2 and no stack trace", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, BOT_LOCALE: "de", LOG_LEVEL: "loud" },
      encoding: "utf8",
      input: "",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("BOT_LOCALE");
    expect(result.stderr).toContain("LOG_LEVEL");
    expect(result.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
