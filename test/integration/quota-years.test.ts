import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase, type TestProvider } from "../support/databases.ts";

const admin = identity({ territoryExternalId: "T-Q", userExternalId: "U-ADMIN" });
const ccas = identity({ territoryExternalId: "T-Q", userExternalId: "U-CCAS", platformAdmin: false });
const siao = identity({ territoryExternalId: "T-Q", userExternalId: "U-SIAO", platformAdmin: false });

async function setUp(app: App, lines: string[]): Promise<void> {
  for (const line of [...lines, "/config role user:U-CCAS ccas", "/config role user:U-SIAO siao"])
    expect((await run(app, admin, line)).tone, line).not.toBe("error");
}

/** Deposits and validates `n` candidatures for a dispositif; returns their references. */
async function validated(app: App, code: string, n: number): Promise<string[]> {
  const refs: string[] = [];
  for (let i = 0; i < n; i++) {
    const reply = await run(
      app,
      ccas,
      `/candidature deposer nouveau ${code} famille autre minima_sociaux oui couple_sans_enfant Note.`,
    );
    const ref = /C-\d{4}-\d{3}/.exec(cardText(reply))?.[0];
    expect(ref, cardText(reply)).toBeDefined();
    expect((await run(app, siao, `/candidature decider ${ref} validee`)).tone).toBe("success");
    refs.push(ref ?? "");
  }
  return refs;
}

/** A territory on a fresh database, set up with `lines`, today 1 December 2026. */
function territory(provider: TestProvider, lines: string[]) {
  const clock = fixedClock(new Date("2026-12-01T09:00:00Z"));
  const state: { db?: TestDatabase; app?: App } = {};
  beforeAll(async () => {
    state.db = await freshDatabase(provider);
    state.app = await testApp(state.db.url, clock);
    await setUp(state.app, lines);
  });
  afterAll(async () => {
    await state.app?.close();
    await state.db?.drop();
  });
  return {
    clock,
    app(): App {
      if (!state.app) throw new Error("the territory is not set up yet");
      return state.app;
    },
  };
}

describeEachDatabase("quota per year of agrément", (provider) => {
  const t = territory(provider, [
    "/config dispositif dalo DALO",
    "/config bailleur ajouter Bailleur public",
    '/config bailleur ajouter "Bailleur Fictif" public',
    '/config bailleur ajouter "Bailleur A" public',
    '/config bailleur ajouter "Bailleur B" public',
    '/config bailleur ajouter "Bailleur C" public',
    "/config quota dalo 2026 2",
    "/config quota dalo 2027 3",
  ]);

  it("counts a mesure entering next year in next year only", async () => {
    const app = t.app();
    const [a, b] = await validated(app, "dalo", 2);
    expect((await run(app, ccas, `/mesure ouvrir ${a} 2026-12-01 "Bailleur A" public`)).tone).toBe("success");
    expect((await run(app, ccas, `/mesure ouvrir ${b} 2027-01-11 "Bailleur B" public`)).tone).toBe("success");
    const text = cardText(await run(app, ccas, "/mesures"));
    expect(text).toContain("DALO (dalo) — 2026: 2 approuvées · 1 en cours · 1 restantes");
    expect(text).toContain("DALO (dalo) — 2027 (année suivante): 3 approuvées · 2 en cours · 1 restantes");
  });

  it("refuses an opening whose later, approved year is full, changing nothing", async () => {
    const app = t.app();
    await run(app, admin, "/config quota dalo 2027 2");
    const [c] = await validated(app, "dalo", 1);
    const before = await app.database.prisma.mesure.count();
    const refused = await run(app, ccas, `/mesure ouvrir ${c} 2026-12-02 "Bailleur C" prive`);
    expect(refused.tone).toBe("error");
    expect(cardText(refused)).toContain("courrait encore en 2027");
    expect(cardText(refused)).toContain("2 tenues sur 2 approuvées");
    expect(await app.database.prisma.mesure.count()).toBe(before);
  });

  it("warns of an over-committed later year instead of a negative remaining", async () => {
    const app = t.app();
    const reply = await run(app, admin, "/config quota dalo 2027 1");
    expect(reply.tone).toBe("warning");
    expect(cardText(reply)).toContain("1 approuvées, mais 2 mesures courront encore cette année-là (1 de trop)");
    const text = cardText(await run(app, ccas, "/mesures dalo"));
    expect(text).toContain("2027 (année suivante): 1 approuvées · 2 en cours · 0 restantes");
    expect(text).toContain("⚠ dalo 2027");
    expect(text).not.toMatch(/-\d+ restantes/);
    // The current year cannot go below what is held today.
    expect(cardText(await run(app, admin, "/config quota dalo 2026 0"))).toContain("Impossible de fixer le quota");
  });

  it("frees the unit from the end date on", async () => {
    const app = t.app();
    t.clock.set(new Date("2026-12-10T09:00:00Z"));
    const ended = await run(app, ccas, "/mesure terminer IML-2026-001 depart date:2026-12-09");
    expect(ended.tone, cardText(ended)).toBe("success");
    const text = cardText(await run(app, ccas, "/mesures dalo"));
    expect(text).toContain("2026: 2 approuvées · 0 en cours · 2 restantes");
    expect(text).toContain("2027 (année suivante): 1 approuvées · 1 en cours · 0 restantes");
  });
});

describeEachDatabase("quota under concurrent openings over two years", (provider) => {
  const t = territory(provider, [
    "/config dispositif dalo DALO",
    "/config bailleur ajouter Bailleur public",
    '/config bailleur ajouter "Bailleur Fictif" public',
    '/config bailleur ajouter "Bailleur A" public',
    '/config bailleur ajouter "Bailleur B" public',
    '/config bailleur ajouter "Bailleur C" public',
    "/config quota dalo 2026 3",
    "/config quota dalo 2027 10",
  ]);

  it("never over-allocates either year when entries in both years open at once", async () => {
    const app = t.app();
    const refs = await validated(app, "dalo", 30);
    // Alternate the years so both kinds of opening contend from the start.
    const replies = await Promise.all(
      refs.map((ref, i) =>
        run(app, ccas, `/mesure ouvrir ${ref} ${i % 2 === 0 ? "2026-12-15" : "2027-01-15"} Bailleur public`),
      ),
    );
    const opened = replies.filter((r) => r.tone === "success");
    const unexpected = replies.filter(
      (r) => r.tone !== "success" && !/Plus de mesure|courrait encore/.test(cardText(r)),
    );
    expect(unexpected.map(cardText)).toEqual([]);
    const mesures = await app.database.prisma.mesure.findMany({ select: { entryDate: true } });
    // 2026 holds exactly its 3 units; 2027 holds all 10 of its own, the 3 of 2026 included.
    expect(mesures.filter((m) => m.entryDate < "2027-01-01")).toHaveLength(3);
    expect(mesures).toHaveLength(10);
    expect(opened).toHaveLength(10);
  });
});
