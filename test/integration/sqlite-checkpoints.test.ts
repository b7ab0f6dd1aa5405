import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { SAFETY_NET_PAGES } from "../../src/db/sqlite-checkpointer.ts";
import { eventually } from "../support/fake-slack.ts";

// The WAL goes back into the database file from a thread of its own, not in the bot's commits.
describe("SQLite checkpoints in the background", () => {
  let dir = "";
  let file = "";
  let database: Database;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "iml-checkpoints-"));
    file = path.join(dir, "bot.db");
    await migrate(`file:${file}`);
    database = await openDatabase(`file:${file}`);
    process.on("warning", onWarning);
  });
  afterAll(async () => {
    process.off("warning", onWarning);
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves the bot's own connection a checkpoint only as a safety net", async () => {
    const [row] =
      await database.prisma.$queryRawUnsafe<{ wal_autocheckpoint: number | bigint }[]>("PRAGMA wal_autocheckpoint");
    expect(Number(row?.wal_autocheckpoint)).toBe(SAFETY_NET_PAGES);
  });

  it("copies committed pages into the database file within seconds, with no commit doing it", async () => {
    const before = statSync(file).size;
    const territory = await database.prisma.territory.create({
      data: { platform: "slack", externalId: "T-wal", name: "T", locale: "fr", timezone: "Europe/Paris" },
    });
    // About 1 MB: far under the safety net (80 MB) and under SQLite's default (4 MB) alike.
    await database.prisma.auditEvent.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        territoryId: territory.id,
        actorId: "U1",
        action: "test.wal",
        subjectRef: `S-${i}`,
        details: { note: "x".repeat(400) },
      })),
    });
    // Committed pages sit in the WAL until a checkpoint copies them into the file.
    await eventually(() => statSync(file).size > before + 500_000, 5000);
    expect(warnings).toEqual([]);
  });
});
