-- AlterTable
ALTER TABLE "Bilan" ADD COLUMN "effectiveOn" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "endReason" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "extendedTo" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "householdPresent" BOOLEAN;
ALTER TABLE "Bilan" ADD COLUMN "landlordPresent" BOOLEAN;
ALTER TABLE "Bilan" ADD COLUMN "rentPaid" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "rentPaidRemark" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "situationStable" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "situationStableRemark" TEXT;
ALTER TABLE "Bilan" ADD COLUMN "workerPresent" BOOLEAN;

-- CreateTable
CREATE TABLE "CandidatureEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "candidatureId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "byId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "text" TEXT,
    CONSTRAINT "CandidatureEvent_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CandidatureEvent_candidatureId_fkey" FOREIGN KEY ("candidatureId") REFERENCES "Candidature" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (a plain added column: redefining the table would cascade-delete its quotas)
ALTER TABLE "Dispositif" ADD COLUMN "openingLock" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "CandidatureEvent_candidatureId_at_idx" ON "CandidatureEvent"("candidatureId", "at");


-- Existing candidatures: their deposit and, when decided, the decision start their history.
INSERT INTO "CandidatureEvent" ("id", "territoryId", "candidatureId", "kind", "byId", "at", "text")
SELECT 'm16d' || "id", "territoryId", "id", 'deposee', "submittedById", "submittedAt", NULL FROM "Candidature";
INSERT INTO "CandidatureEvent" ("id", "territoryId", "candidatureId", "kind", "byId", "at", "text")
SELECT 'm16s' || "id", "territoryId", "id", "status", "decidedById", "decidedAt", "decisionReason"
FROM "Candidature" WHERE "decidedAt" IS NOT NULL AND "decidedById" IS NOT NULL AND "status" <> 'soumise';

-- Existing bilans that ended a mesure carry the mesure's end.
UPDATE "Bilan" SET "endReason" = (SELECT m."endReason" FROM "Mesure" m WHERE m."id" = "Bilan"."mesureId")
WHERE "outcome" = 'fin';
UPDATE "Bilan" SET "effectiveOn" = (SELECT m."endDate" FROM "Mesure" m WHERE m."id" = "Bilan"."mesureId")
WHERE "outcome" = 'glisser';
