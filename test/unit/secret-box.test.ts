import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSecretKey, SecretBox } from "../../src/core/secret-box.ts";

describe("secret box (AES-256-GCM at rest)", () => {
  const box = new SecretBox(randomBytes(32));

  it("seals a token so that its text does not appear, and opens it again", () => {
    const sealed = box.seal("xoxb-1111-secret", "team:T1");
    expect(sealed).not.toContain("xoxb");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(box.open(sealed, "team:T1")).toBe("xoxb-1111-secret");
    expect(box.seal("xoxb-1111-secret", "team:T1")).not.toBe(sealed);
  });

  it("refuses an altered value, another row's context and another key", () => {
    const sealed = box.seal("xoxb-1111-secret", "team:T1");
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    const altered = [parts[0], parts[1], parts[2], data.toString("base64url")].join(".");
    expect(() => box.open(altered, "team:T1")).toThrow();
    expect(() => box.open(sealed, "team:T2")).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, "team:T1")).toThrow();
    expect(() => box.open("xoxb-plain", "team:T1")).toThrow("not a sealed secret");
  });

  it("opens with a previous key during a key change, saying the value is stale", () => {
    const oldKey = randomBytes(32);
    const sealedOld = new SecretBox(oldKey).seal("xoxb-old", "team:T1");
    const changing = new SecretBox(randomBytes(32), [oldKey]);
    expect(changing.openWithKey(sealedOld, "team:T1")).toEqual({ plain: "xoxb-old", stale: true });
    const sealedNew = changing.seal("xoxb-new", "team:T1");
    expect(changing.openWithKey(sealedNew, "team:T1")).toEqual({ plain: "xoxb-new", stale: false });
    expect(() => new SecretBox(oldKey).open(sealedNew, "team:T1")).toThrow();
  });

  it("reads a 32-byte base64 key, standard or URL-safe", () => {
    const key = randomBytes(32);
    expect(readSecretKey(key.toString("base64")).equals(key)).toBe(true);
    expect(readSecretKey(key.toString("base64url")).equals(key)).toBe(true);
    expect(() => readSecretKey(randomBytes(31).toString("base64"))).toThrow("31 bytes instead of 32");
  });
});
