import { afterAll, expect, it } from "vitest";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";
import { migrateOver } from "../support/migration.ts";

const COMPOSITION = "20261202002400_household_composition";
const RESOURCES = "20261202003100_resource_bracket";

describeEachDatabase("the household composition migration", (provider) => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  /** Compositions as an earlier version stored them: free text, sometimes with what should never have been typed. */
  const typed: [string, string | null, string | null][] = [
    ["h1", "1 adulte", "personne_seule"],
    ["h2", " 2 adultes ", "couple_sans_enfant"],
    ["h3", "1 adulte, 2 enfants", "famille_monoparentale"],
    ["h4", "1 Adulte + 1 enfant", "famille_monoparentale"],
    ["h5", "2 adultes, 1 enfant", "couple_avec_enfants"],
    ["h6", "Couple avec 3 enfants", "couple_avec_enfants"],
    ["h7", "Personne seule", "personne_seule"],
    ["h8", "Mme Benali et sa fille", "autre"],
    ["h9", "3 adultes", "autre"],
    ["h10", null, null],
    ["h11", "  ", null],
  ];
  const quote = (v: string | null) => (v === null ? "NULL" : `'${v}'`);
  const rows = [
    `INSERT INTO "Territory" ("id","platform","externalId","name") VALUES ('t1','console','T1','Un')`,
    ...typed.map(
      ([id, text]) =>
        `INSERT INTO "Household" ("id","territoryId","reference","composition") VALUES ('${id}','t1','M-${id}',${quote(text)})`,
    ),
  ];

  it("maps each recognisable text to its category and every other one to autre, keeping no text", async () => {
    db = await freshDatabase(provider);
    const [households] = await migrateOver(db, COMPOSITION, rows, [
      `SELECT "id", "composition" FROM "Household" ORDER BY length("id"), "id"`,
    ]);
    expect(households).toEqual(typed.map(([id, , category]) => ({ id, composition: category })));
  });
  it("keeps the resources of the list and clears any other value, which is never guessed", async () => {
    await db?.drop();
    db = await freshDatabase(provider);
    const stored: [string, string | null, string | null][] = [
      ["r1", "minima_sociaux", "minima_sociaux"],
      ["r2", "smic_ou_plus", "smic_ou_plus"],
      ["r3", "RSA 550 euros", null],
      ["r4", null, null],
    ];
    const [households] = await migrateOver(
      db,
      RESOURCES,
      [
        `INSERT INTO "Territory" ("id","platform","externalId","name") VALUES ('t1','console','T1','Un')`,
        ...stored.map(
          ([id, value]) =>
            `INSERT INTO "Household" ("id","territoryId","reference","resourceBracket") VALUES ('${id}','t1','M-${id}',${quote(value)})`,
        ),
      ],
      [`SELECT "id", "resourceBracket" FROM "Household" ORDER BY "id"`],
    );
    expect(households).toEqual(stored.map(([id, , kept]) => ({ id, resourceBracket: kept })));
  });
});
