import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-TXT", userExternalId: "UADMIN" });

describeEachDatabase("text the bot cannot store, refused naming the field", (provider) => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it.each([
    ["a NUL", "Dispositif\u0000DALO", "un caractère nul"],
    ["a control character", "Dispositif\u001bDALO", "un caractère de contrôle"],
    ["a lone surrogate", "Dispositif \ud83d DALO", "la moitié d'un caractère"],
  ])("refuses %s with the field named, and writes nothing", async (_what, label, said) => {
    const reply = await run(app, admin, `/config dispositif dalo "${label}"`);
    expect(reply.tone).toBe("error");
    const text = cardText(reply);
    expect(text).toContain(said);
    expect(text).toMatch(/« [a-z_]+ » contient/);
    expect(text).not.toMatch(/inattendue|référence/);
    expect(await app.database.prisma.dispositif.count()).toBe(0);
  });
});
