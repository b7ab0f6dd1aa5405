-- Sécurisation money to the cent: drafts without an amount, dated acceptance, payments and
-- history as rows, advance refusals with a reason, and a version column that a change bumps first.
-- The advance table only gains columns: redefining it would cascade-delete its movements.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SecurisationClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "householdId" TEXT,
    "homeReference" TEXT,
    "claimedCents" INTEGER,
    "details" JSONB NOT NULL,
    "eligibility" JSONB,
    "outsideRules" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'soumise',
    "missing" TEXT,
    "rejectionReason" TEXT,
    "acceptedCents" INTEGER,
    "acceptedOn" TEXT,
    "paidCents" INTEGER,
    "paidOn" TEXT,
    "submittedOn" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "declaredById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SecurisationClaim_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SecurisationClaim_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SecurisationClaim" ("acceptedCents", "category", "claimedCents", "createdAt", "declaredById", "details", "eligibility", "homeReference", "householdId", "id", "missing", "outsideRules", "paidCents", "paidOn", "reference", "rejectionReason", "status", "statusChangedAt", "territoryId") SELECT "acceptedCents", "category", "claimedCents", "createdAt", "declaredById", "details", "eligibility", "homeReference", "householdId", "id", "missing", "outsideRules", "paidCents", "paidOn", "reference", "rejectionReason", "status", "statusChangedAt", "territoryId" FROM "SecurisationClaim";
DROP TABLE "SecurisationClaim";
ALTER TABLE "new_SecurisationClaim" RENAME TO "SecurisationClaim";
CREATE INDEX "SecurisationClaim_territoryId_status_statusChangedAt_idx" ON "SecurisationClaim"("territoryId", "status", "statusChangedAt");
CREATE UNIQUE INDEX "SecurisationClaim_territoryId_reference_key" ON "SecurisationClaim"("territoryId", "reference");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateTable
CREATE TABLE "ClaimPayment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "reference" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClaimPayment_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SecurisationClaim" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClaimEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "note" TEXT,
    "actorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClaimEvent_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SecurisationClaim" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClaimPayment_claimId_idx" ON "ClaimPayment"("claimId");

-- CreateIndex
CREATE INDEX "ClaimPayment_territoryId_date_idx" ON "ClaimPayment"("territoryId", "date");

-- CreateIndex
CREATE INDEX "ClaimEvent_claimId_createdAt_idx" ON "ClaimEvent"("claimId", "createdAt");

-- AlterTable
ALTER TABLE "TreasuryAdvance" ADD COLUMN "refusalReason" TEXT;
ALTER TABLE "TreasuryAdvance" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;

-- Existing rows: submission and acceptance dates, one payment row per paid claim, the
-- request as an advance's first dated step.
UPDATE "SecurisationClaim" SET "submittedOn" = (CASE WHEN typeof("createdAt") = 'integer' THEN date("createdAt" / 1000, 'unixepoch') ELSE substr("createdAt", 1, 10) END) WHERE "status" <> 'brouillon';
UPDATE "SecurisationClaim" SET "acceptedOn" = (CASE WHEN typeof("statusChangedAt") = 'integer' THEN date("statusChangedAt" / 1000, 'unixepoch') ELSE substr("statusChangedAt", 1, 10) END) WHERE "status" = 'acceptee';
UPDATE "SecurisationClaim" SET "acceptedOn" = COALESCE("paidOn", (CASE WHEN typeof("statusChangedAt") = 'integer' THEN date("statusChangedAt" / 1000, 'unixepoch') ELSE substr("statusChangedAt", 1, 10) END)) WHERE "status" = 'payee';
INSERT INTO "ClaimPayment" ("id", "territoryId", "claimId", "date", "amountCents", "reference", "recordedById", "createdAt")
  SELECT 'mig-' || "id", "territoryId", "id", COALESCE("paidOn", (CASE WHEN typeof("statusChangedAt") = 'integer' THEN date("statusChangedAt" / 1000, 'unixepoch') ELSE substr("statusChangedAt", 1, 10) END)), "paidCents", 'reprise', "declaredById", "statusChangedAt"
  FROM "SecurisationClaim" WHERE "status" = 'payee' AND "paidCents" > 0;
INSERT INTO "ClaimEvent" ("id", "territoryId", "claimId", "fromStatus", "toStatus", "date", "note", "actorId", "createdAt")
  SELECT 'mig-' || "id", "territoryId", "id", NULL, "status", (CASE WHEN typeof("statusChangedAt") = 'integer' THEN date("statusChangedAt" / 1000, 'unixepoch') ELSE substr("statusChangedAt", 1, 10) END), NULL, "declaredById", "statusChangedAt"
  FROM "SecurisationClaim";
INSERT INTO "AdvanceMovement" ("id", "territoryId", "advanceId", "kind", "amountCents", "date", "recordedById", "createdAt")
  SELECT 'mig-' || "id", "territoryId", "id", 'demander', "requestedCents", (CASE WHEN typeof("createdAt") = 'integer' THEN date("createdAt" / 1000, 'unixepoch') ELSE substr("createdAt", 1, 10) END), "requestedById", "createdAt"
  FROM "TreasuryAdvance";
