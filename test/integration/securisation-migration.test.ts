import { randomUUID } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { sqlitePath } from "../../src/db/client.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { readMigrations } from "../../src/db/migrate.ts";
import { cardText, identity, run, testApp } from "../support/app.ts";
import { freshDatabase, type TestDatabase } from "../support/databases.ts";

const MONEY_MIGRATION = "20261202001700_securisation_money";

/**
 * The sécurisation migration redefines the claims table on SQLite (an amount may now be missing)
 * and adds rows for what existed: it must keep every claim, advance and movement, and give old
 * claims and advances the dates, payment rows and history the new code reads.
 */
describe("the sécurisation migration on a SQLite database holding claims and advances", () => {
  let db: TestDatabase;
  let app: App | undefined;

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("keeps every row and fills what the new life of claims and advances needs", async () => {
    db = await freshDatabase("sqlite");
    const conn = new BetterSqlite3(sqlitePath(db.url));
    conn.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL,
      "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    for (const migration of readMigrations("sqlite").filter((m) => m.name < MONEY_MIGRATION)) {
      conn.exec(migration.sql);
      conn
        .prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        )
        .run(randomUUID(), migration.checksum, Date.now(), migration.name, Date.now());
    }
    // As the previous version wrote them: a paid claim (timestamps as text), an accepted one
    // (timestamps as milliseconds), and an advance disbursed and partly repaid with its movements.
    conn.exec(`
      INSERT INTO "Territory" ("id", "platform", "externalId", "name") VALUES ('t1', 'slack', 'T-OLD', 'Ancien');
      INSERT INTO "SecurisationClaim" ("id", "territoryId", "reference", "category", "homeReference", "claimedCents",
        "details", "eligibility", "status", "acceptedCents", "paidCents", "paidOn", "declaredById", "createdAt", "statusChangedAt")
      VALUES ('c1', 't1', 'SEC-2026-001', 'vacance', 'L-12', 300000, '{"du":"2026-01-01","au":"2026-06-01"}', NULL,
        'payee', 250000, 250000, '2026-04-09', 'm1', '2026-02-01T09:00:00.000+00:00', '2026-04-09T09:00:00.000+00:00');
      INSERT INTO "SecurisationClaim" ("id", "territoryId", "reference", "category", "homeReference", "claimedCents",
        "details", "status", "acceptedCents", "declaredById", "createdAt", "statusChangedAt")
      VALUES ('c2', 't1', 'SEC-2026-002', 'cas_atypique', 'L-9', 30000, '{"justification":"Garde-meubles"}',
        'acceptee', 20000, 'm1', ${Date.UTC(2026, 2, 3, 9)}, ${Date.UTC(2026, 4, 5, 9)});
      INSERT INTO "TreasuryAdvance" ("id", "territoryId", "reference", "requestedCents", "grantedCents", "disbursedCents",
        "repaidCents", "subsidy", "funder", "expectedPaymentDate", "status", "requestedById", "createdAt")
      VALUES ('a1', 't1', 'AV-2026-001', 1000000, 800000, 800000, 300000, 'Subvention DDETS', 'DDETS', '2026-06-30',
        'versee', 'm1', '2026-03-02T09:00:00.000+00:00');
      INSERT INTO "AdvanceMovement" ("id", "territoryId", "advanceId", "kind", "amountCents", "date", "recordedById", "createdAt") VALUES
        ('m-a', 't1', 'a1', 'accorder', 800000, '2026-03-10', 'm1', '2026-03-10T09:00:00.000+00:00'),
        ('m-v', 't1', 'a1', 'verser', 800000, '2026-03-15', 'm1', '2026-03-15T09:00:00.000+00:00'),
        ('m-r', 't1', 'a1', 'rembourser', 300000, '2026-05-20', 'm1', '2026-05-20T09:00:00.000+00:00');
    `);
    conn.close();

    app = await testApp(db.url, fixedClock(new Date("2026-11-10T09:00:00Z")));
    const prisma = app.database.prisma;
    expect(
      await prisma.securisationClaim.findMany({
        orderBy: { reference: "asc" },
        select: {
          reference: true,
          status: true,
          claimedCents: true,
          submittedOn: true,
          acceptedOn: true,
          paidCents: true,
        },
      }),
    ).toEqual([
      {
        reference: "SEC-2026-001",
        status: "payee",
        claimedCents: 300_000,
        submittedOn: "2026-02-01",
        acceptedOn: "2026-04-09",
        paidCents: 250_000,
      },
      {
        reference: "SEC-2026-002",
        status: "acceptee",
        claimedCents: 30_000,
        submittedOn: "2026-03-03",
        acceptedOn: "2026-05-05",
        paidCents: null,
      },
    ]);
    expect(await prisma.claimPayment.findMany({ select: { date: true, amountCents: true, reference: true } })).toEqual([
      { date: "2026-04-09", amountCents: 250_000, reference: "reprise" },
    ]);
    expect(await prisma.claimEvent.count()).toBe(2);
    const movements = await prisma.advanceMovement.findMany({ orderBy: { date: "asc" } });
    expect(movements.map((m) => `${m.kind} ${m.date} ${m.amountCents}`)).toEqual([
      "demander 2026-03-02 1000000",
      "accorder 2026-03-10 800000",
      "verser 2026-03-15 800000",
      "rembourser 2026-05-20 300000",
    ]);

    // The new code carries on from there: the rest of the accepted claim, the advance's balance.
    const finance = identity({ territoryExternalId: "T-OLD", userExternalId: "UFIN", platformAdmin: false });
    const admin = identity({ territoryExternalId: "T-OLD", userExternalId: "UADMIN" });
    await run(app, admin, "/config role user:UFIN finance");
    const paid = cardText(await run(app, finance, "/securisation payer SEC-2026-002 150 VIR-9"));
    expect(paid).toContain("Reste dû: 50,00 €");
    expect(cardText(await run(app, finance, "/securisation payer SEC-2026-002 50 VIR-10 2026-05-04"))).toContain(
      "est avant l'acceptation",
    );
    expect(cardText(await run(app, finance, "/avance rembourser AV-2026-001 5000,01"))).toContain(
      "dépasse le reste dû de AV-2026-001 (5 000,00 €)",
    );
    const year = cardText(await run(app, finance, "/securisation bilan 2026"));
    expect(year).toContain("Total: 2 demande(s) · demandé 3 300,00 € · accepté 2 700,00 € · payé 2 650,00 €");
    expect(year).toContain("Reste dû au 10 nov. 2026: 5 000,00 €");
  });
});
