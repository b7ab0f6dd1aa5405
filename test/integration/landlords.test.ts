import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { attachedText, cardText, identity, run, testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { migrateOver } from "../support/migration.ts";

const admin = identity({ territoryExternalId: "T-L", userExternalId: "UADMIN" });
const staff = identity({ territoryExternalId: "T-L", userExternalId: "USTAFF", platformAdmin: false });
const LANDLORDS = "20261202001500_landlords";

describeEachDatabase("landlords come from the territory's list", (provider) => {
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, clock);
    for (const line of [
      "/config dispositif dalo DALO",
      "/config quota dalo 2026 5",
      "/config role user:USTAFF ccas",
      "/config role user:USTAFF siao",
    ])
      expect((await run(app, admin, line)).tone, line).not.toBe("error");
    for (let i = 1; i <= 4; i++) {
      await run(app, staff, "/candidature deposer nouveau dalo famille chrs minima_sociaux oui personne_seule Note.");
      await run(app, staff, `/candidature decider C-2026-00${i} validee`);
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("is kept by the admin: add, list, remove, with the stock", async () => {
    expect((await run(app, admin, '/config bailleur ajouter "Finistère Habitat" public')).tone).toBe("success");
    expect((await run(app, admin, "/config bailleur ajouter Agence-Immo prive")).tone).toBe("success");
    expect(cardText(await run(app, admin, "/config bailleur ajouter finistere   habitat public"))).toContain(
      "déjà dans la liste",
    );
    expect(cardText(await run(app, admin, "/config bailleur ajouter Finistère"))).toContain("Il manque « parc »");
    expect(cardText(await run(app, admin, "/config bailleur ajouter prive prive"))).toContain("jamais nommé");
    expect(cardText(await run(app, admin, '/config bailleur ajouter "M. Dupont" prive'))).toContain(
      "le nom d'une personne",
    );
    expect(cardText(await run(app, staff, "/config bailleur liste"))).toContain("rôle nécessaire");
    const list = cardText(await run(app, admin, "/config bailleur liste"));
    expect(list).toContain("Finistère Habitat (parc public)");
    expect(list).toContain("Agence-Immo (parc privé)");
    expect((await run(app, admin, "/config bailleur retirer agence-immo")).tone).toBe("success");
    expect(cardText(await run(app, admin, "/config bailleur liste"))).not.toContain("Agence-Immo");
    const audits = await app.database.prisma.auditEvent.count({ where: { action: { startsWith: "landlord." } } });
    expect(audits).toBe(3);
  });

  it("is named by a mesure; an unknown name is refused with the known ones", async () => {
    const refused = cardText(await run(app, staff, '/mesure ouvrir C-2026-001 2026-03-02 "Bailleur Inconnu" public'));
    expect(refused).toContain("pas dans la liste");
    expect(refused).toContain("Finistère Habitat");
    expect(await app.database.prisma.mesure.count()).toBe(0);
    const opened = await run(app, staff, '/mesure ouvrir C-2026-001 2026-03-02 "finistere  HABITAT" public');
    expect(opened.tone).toBe("success");
    expect(cardText(opened)).toContain("Finistère Habitat (parc public)");
    const mesure = await app.database.prisma.mesure.findFirstOrThrow({ include: { landlordEntry: true } });
    expect(mesure.landlordEntry?.name).toBe("Finistère Habitat");
    expect(mesure.landlord).toBe("Finistère Habitat");
  });

  it("records a private owner by the territory's reference, never by name", async () => {
    expect(cardText(await run(app, staff, "/mesure ouvrir C-2026-002 2026-03-02 prive public"))).toContain(
      "parc privé",
    );
    expect(
      cardText(await run(app, staff, "/mesure ouvrir C-2026-002 2026-03-02 prive prive proprietaire:Dupont")),
    ).toContain("jamais un nom");
    expect(
      cardText(
        await run(app, staff, '/mesure ouvrir C-2026-002 2026-03-02 "Finistère Habitat" public proprietaire:PP-1'),
      ),
    ).toContain("propriétaire privé");
    const opened = await run(app, staff, "/mesure ouvrir C-2026-002 2026-03-02 prive prive proprietaire:pp-014");
    expect(opened.tone).toBe("success");
    expect(cardText(opened)).toContain("propriétaire privé (réf. PP-014)");
    const mesure = await app.database.prisma.mesure.findFirstOrThrow({
      where: { candidature: { reference: "C-2026-002" } },
    });
    expect(mesure).toMatchObject({ landlord: "", landlordId: null, privateOwnerRef: "PP-014", parc: "prive" });
  });

  it("is named by a situation for the comité the same way, a private owner by reference only", async () => {
    const situations = () => app.database.prisma.situation.findMany({ orderBy: { reference: "asc" } });
    const unknown = cardText(
      await run(
        app,
        staff,
        '/situation ajouter M-2026-001 "Agence Inconnue" impayes normale Impayés depuis deux mois.',
      ),
    );
    expect(unknown).toContain("pas dans la liste");
    expect(unknown).toContain("Finistère Habitat");
    expect(
      cardText(
        await run(
          app,
          staff,
          '/situation ajouter M-2026-001 "Finistère Habitat" impayes normale Impayés depuis deux mois. proprietaire:PP-2',
        ),
      ),
    ).toContain("propriétaire privé");
    expect(
      cardText(
        await run(
          app,
          staff,
          "/situation ajouter M-2026-001 prive impayes normale Impayés depuis deux mois. proprietaire:Dupont",
        ),
      ),
    ).toContain("jamais son nom");
    expect(await situations()).toEqual([]);
    const listed = await run(
      app,
      staff,
      '/situation ajouter M-2026-001 "FINISTERE habitat" impayes normale Impayés depuis deux mois.',
    );
    expect(listed.tone, cardText(listed)).toBe("success");
    const owner = await run(
      app,
      staff,
      "/situation ajouter M-2026-002 prive troubles_voisinage haute Plaintes du voisinage depuis mars 2026 proprietaire:pp-7",
    );
    expect(owner.tone, cardText(owner)).toBe("success");
    const landlord = await app.database.prisma.landlord.findFirstOrThrow({ where: { name: "Finistère Habitat" } });
    expect((await situations()).map((s) => [s.landlord, s.landlordId, s.privateOwnerRef, s.summary])).toEqual([
      ["Finistère Habitat", landlord.id, null, "Impayés depuis deux mois."],
      ["", null, "PP-7", "Plaintes du voisinage depuis mars 2026"],
    ]);
    expect(cardText(await run(app, staff, "/situation voir S-2026-002"))).toContain("propriétaire privé (réf. PP-7)");
  });

  it("is counted in the activity report: mesures per landlord, private owners together, never named", async () => {
    const opened = await run(app, staff, '/mesure ouvrir C-2026-003 2026-03-02 "Finistère Habitat" public');
    expect(opened.tone, cardText(opened)).toBe("success");
    const csv = attachedText(await run(app, staff, "/rapport activite 2026"), ".csv");
    expect(csv).toContain("Bailleurs;Finistère Habitat;;Nombre;2;");
    expect(csv).toContain("Bailleurs;propriétaire privé;;Nombre;1;");
    expect(csv).not.toContain("PP-014");
    expect(csv).not.toMatch(/ne sont pas comptés/);
  });
});

describeEachDatabase("the landlords migration", (provider) => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  /** Mesures as an earlier version stored them: the landlord as free text. */
  const mesures = [
    ["m1", "t1", "Finistère Habitat", "public"],
    ["m2", "t1", " Finistère Habitat ", "prive"],
    ["m3", "t1", "Agence du Port", "prive"],
    ["m4", "t2", "Finistère Habitat", "prive"],
    ["m5", "t2", "", "prive"],
  ];
  const parents = [
    `INSERT INTO "Territory" ("id","platform","externalId","name") VALUES ('t1','console','T1','Un'), ('t2','console','T2','Deux')`,
    `INSERT INTO "Dispositif" ("id","territoryId","code","name") VALUES ('d-t1','t1','dalo','DALO'), ('d-t2','t2','dalo','DALO')`,
  ];
  const insert = (m: string[]) => [
    `INSERT INTO "Household" ("id","territoryId","reference") VALUES ('h-${m[0]}','${m[1]}','M-${m[0]}')`,
    `INSERT INTO "Candidature" ("id","territoryId","reference","householdId","dispositifId","hebergement","budgetTravaille","note","submittedById") VALUES ('c-${m[0]}','${m[1]}','C-${m[0]}','h-${m[0]}','d-${m[1]}','chrs',true,'','u')`,
    `INSERT INTO "Mesure" ("id","territoryId","reference","candidatureId","householdId","dispositifId","entryDate","landlord","parc","plannedEndDate","openedById") VALUES ('${m[0]}','${m[1]}','IML-${m[0]}','c-${m[0]}','h-${m[0]}','d-${m[1]}','2026-01-01','${m[2]}','${m[3]}','2026-07-01','u')`,
  ];
  const rows = [...parents, ...mesures.flatMap(insert)];
  const landlordsQuery = `SELECT "territoryId", "name", "parc" FROM "Landlord" ORDER BY "territoryId", "name"`;
  const mesuresQuery = `SELECT m."id", l."name" FROM "Mesure" m LEFT JOIN "Landlord" l ON l."id" = m."landlordId" ORDER BY m."id"`;

  it("turns each territory's free-text landlords into list entries the mesures name", async () => {
    db = await freshDatabase(provider);
    const [landlords, named] = await migrateOver(db, LANDLORDS, rows, [landlordsQuery, mesuresQuery]);
    expect(landlords).toEqual([
      { territoryId: "t1", name: "Agence du Port", parc: "prive" },
      { territoryId: "t1", name: "Finistère Habitat", parc: "public" },
      { territoryId: "t2", name: "Finistère Habitat", parc: "prive" },
    ]);
    expect(named).toEqual([
      { id: "m1", name: "Finistère Habitat" },
      { id: "m2", name: "Finistère Habitat" },
      { id: "m3", name: "Agence du Port" },
      { id: "m4", name: "Finistère Habitat" },
      { id: "m5", name: null },
    ]);
  });
});

describeEachDatabase("the situation landlords migration", (provider) => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  /** Situations as an earlier version stored them: the landlord as free text. */
  const situations = [
    ["s1", "t1", "finistère habitat"],
    ["s2", "t1", " Agence du Port "],
    ["s3", "t1", "agence du port"],
    ["s4", "t1", "Propriétaire privé"],
    ["s5", "t2", "Finistère Habitat"],
    ["s6", "t2", "prive"],
  ];
  const rows = [
    `INSERT INTO "Territory" ("id","platform","externalId","name") VALUES ('t1','console','T1','Un'), ('t2','console','T2','Deux')`,
    `INSERT INTO "Landlord" ("id","territoryId","name","parc") VALUES ('l-fh','t1','Finistère Habitat','public')`,
    ...situations.flatMap(([id, territory, landlord]) => [
      `INSERT INTO "Household" ("id","territoryId","reference") VALUES ('h-${id}','${territory}','M-${id}')`,
      `INSERT INTO "Situation" ("id","territoryId","reference","householdId","landlord","category","urgency","summary","addedById") VALUES ('${id}','${territory}','S-${id}','h-${id}','${landlord}','impayes','normale','Impayés.','u')`,
    ]),
  ];

  it("links each situation to its territory's list entry, adding the names the list lacks, never naming a private owner", async () => {
    db = await freshDatabase(provider);
    const [landlords, named] = await migrateOver(db, "20261202002800_situation_landlords", rows, [
      `SELECT "territoryId", "name", "parc" FROM "Landlord" ORDER BY "territoryId", "name"`,
      `SELECT s."id", s."landlord", l."name" FROM "Situation" s LEFT JOIN "Landlord" l ON l."id" = s."landlordId" ORDER BY s."id"`,
    ]);
    expect(landlords).toEqual([
      { territoryId: "t1", name: "Agence du Port", parc: "public" },
      { territoryId: "t1", name: "Finistère Habitat", parc: "public" },
      { territoryId: "t2", name: "Finistère Habitat", parc: "public" },
    ]);
    expect(named).toEqual([
      { id: "s1", landlord: "Finistère Habitat", name: "Finistère Habitat" },
      { id: "s2", landlord: "Agence du Port", name: "Agence du Port" },
      { id: "s3", landlord: "Agence du Port", name: "Agence du Port" },
      { id: "s4", landlord: "", name: null },
      { id: "s5", landlord: "Finistère Habitat", name: "Finistère Habitat" },
      { id: "s6", landlord: "", name: null },
    ]);
  });
});
