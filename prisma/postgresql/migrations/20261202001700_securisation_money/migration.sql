-- Sécurisation money to the cent: drafts without an amount, dated acceptance, payments and
-- history as rows, advance refusals with a reason, and a version column that a change bumps first.

-- AlterEnum
ALTER TYPE "ClaimStatus" ADD VALUE 'partiellement_payee';

-- AlterTable
ALTER TABLE "SecurisationClaim" ADD COLUMN     "acceptedOn" TEXT,
ADD COLUMN     "submittedOn" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "claimedCents" DROP NOT NULL;

-- AlterTable
ALTER TABLE "TreasuryAdvance" ADD COLUMN     "refusalReason" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ClaimPayment" (
    "id" TEXT NOT NULL,
    "territoryId" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "reference" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClaimEvent" (
    "id" TEXT NOT NULL,
    "territoryId" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "note" TEXT,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClaimPayment_claimId_idx" ON "ClaimPayment"("claimId");

-- CreateIndex
CREATE INDEX "ClaimPayment_territoryId_date_idx" ON "ClaimPayment"("territoryId", "date");

-- CreateIndex
CREATE INDEX "ClaimEvent_claimId_createdAt_idx" ON "ClaimEvent"("claimId", "createdAt");

-- AddForeignKey
ALTER TABLE "ClaimPayment" ADD CONSTRAINT "ClaimPayment_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SecurisationClaim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimEvent" ADD CONSTRAINT "ClaimEvent_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SecurisationClaim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing rows: submission and acceptance dates, one payment row per paid claim, the
-- request as an advance's first dated step. (The new enum value is not used in this transaction.)
UPDATE "SecurisationClaim" SET "submittedOn" = to_char("createdAt", 'YYYY-MM-DD') WHERE "status" <> 'brouillon';
UPDATE "SecurisationClaim" SET "acceptedOn" = to_char("statusChangedAt", 'YYYY-MM-DD') WHERE "status" = 'acceptee';
UPDATE "SecurisationClaim" SET "acceptedOn" = COALESCE("paidOn", to_char("statusChangedAt", 'YYYY-MM-DD')) WHERE "status" = 'payee';
INSERT INTO "ClaimPayment" ("id", "territoryId", "claimId", "date", "amountCents", "reference", "recordedById", "createdAt")
  SELECT 'mig-' || "id", "territoryId", "id", COALESCE("paidOn", to_char("statusChangedAt", 'YYYY-MM-DD')), "paidCents", 'reprise', "declaredById", "statusChangedAt"
  FROM "SecurisationClaim" WHERE "status" = 'payee' AND "paidCents" > 0;
INSERT INTO "ClaimEvent" ("id", "territoryId", "claimId", "fromStatus", "toStatus", "date", "note", "actorId", "createdAt")
  SELECT 'mig-' || "id", "territoryId", "id", NULL, "status"::text, to_char("statusChangedAt", 'YYYY-MM-DD'), NULL, "declaredById", "statusChangedAt"
  FROM "SecurisationClaim";
INSERT INTO "AdvanceMovement" ("id", "territoryId", "advanceId", "kind", "amountCents", "date", "recordedById", "createdAt")
  SELECT 'mig-' || "id", "territoryId", "id", 'demander', "requestedCents", to_char("createdAt", 'YYYY-MM-DD'), "requestedById", "createdAt"
  FROM "TreasuryAdvance";
