import { describe, expect, it } from "vitest";
import { SeenDeliveries } from "../../src/platforms/slack/deliveries.ts";
import { REQUEST_WINDOW_SEC, SeenRequests } from "../../src/platforms/slack/replay.ts";

describe("what Slack already delivered", () => {
  it("runs an act once within the time to live, and forgets it after", () => {
    let now = 0;
    const seen = new SeenDeliveries(1000, () => now);
    expect(seen.first("a")).toBe(true);
    now = 500;
    expect(seen.first("b")).toBe(true);
    expect(seen.first("a")).toBe(false);
    now = 1200;
    // "a" is past its time, "b" is not: the sweep stops at the first fresh key, not before it.
    expect(seen.first("b")).toBe(false);
    expect(seen.first("a")).toBe(true);
  });

  it("keeps a key added again for its new time to live", () => {
    let now = 0;
    const seen = new SeenDeliveries(1000, () => now);
    seen.add("a");
    now = 100;
    seen.add("b");
    now = 900;
    seen.add("a");
    now = 1500;
    expect(seen.has("b")).toBe(false);
    expect(seen.has("a")).toBe(true);
  });

  it("refuses a replayed request within the window only", () => {
    let now = 0;
    const seen = new SeenRequests(() => now);
    expect(seen.first("T1:x")).toBe(true);
    now = 1000;
    expect(seen.first("T1:y")).toBe(true);
    expect(seen.first("T1:x")).toBe(false);
    now = REQUEST_WINDOW_SEC * 2000 + 500;
    expect(seen.first("T1:y")).toBe(false);
    expect(seen.first("T1:x")).toBe(true);
  });
});
