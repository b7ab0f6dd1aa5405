import { describe, expect, it } from "vitest";
import { boundedByDatabase, DatabaseUnavailableError, type DatabaseHealth } from "../../src/core/database-health.ts";

const settings = { checkAfterMs: 50, probeMs: 30 };
const sleep = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

function health(answers: boolean): DatabaseHealth & { asked: number } {
  const state = {
    asked: 0,
    isUnavailable: (error: unknown) => error instanceof Error && error.message === "refused",
    answers: async (ms: number) => {
      state.asked++;
      return answers ? true : sleep(ms, false);
    },
  };
  return state;
}

describe("work bounded by the database's answer", () => {
  it("lets slow work finish while the database answers", async () => {
    const db = health(true);
    expect(await boundedByDatabase(db, () => sleep(180, "done"), settings)).toBe("done");
    expect(db.asked).toBeGreaterThanOrEqual(2);
  });

  it("gives up after the check and the unanswered question when the database is silent", async () => {
    const started = Date.now();
    await expect(boundedByDatabase(health(false), () => sleep(5000, "late"), settings)).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("turns a refusal into DatabaseUnavailableError at once, and leaves other errors alone", async () => {
    const db = health(true);
    await expect(boundedByDatabase(db, () => Promise.reject(new Error("refused")), settings)).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    await expect(boundedByDatabase(db, () => Promise.reject(new Error("bug")), settings)).rejects.toThrow("bug");
    expect(db.asked).toBe(0);
  });
});
