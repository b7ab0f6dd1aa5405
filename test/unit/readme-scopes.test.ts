import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLACK_BOT_SCOPES } from "../../src/platforms/slack/manifest.ts";

describe("the README's Slack scopes", () => {
  it("are exactly the manifest's", () => {
    const readme = readFileSync("README.md", "utf8");
    const step = /^1\. `npm run slack:manifest[\s\S]*?(?=^2\. )/m.exec(readme)?.[0] ?? "";
    const listed = [...step.matchAll(/`([a-z]+(?::[a-z.]+)?)`/g)]
      .map((m) => m[1] ?? "")
      .filter((s) => s === "commands" || s.includes(":"));
    expect(new Set(listed)).toEqual(new Set(SLACK_BOT_SCOPES));
  });
});
