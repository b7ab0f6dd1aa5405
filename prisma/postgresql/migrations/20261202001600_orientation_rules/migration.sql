-- CreateEnum
CREATE TYPE "BilanCondition" AS ENUM ('oui', 'non', 'partiellement');

-- CreateEnum
CREATE TYPE "CandidatureEventKind" AS ENUM ('deposee', 'redeposee', 'validee', 'refusee', 'ajournee');

-- AlterEnum
ALTER TYPE "EcheanceKind" ADD VALUE 'bilan_fin';

-- AlterTable
ALTER TABLE "Dispositif" ADD COLUMN     "openingLock" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Bilan" ADD COLUMN     "effectiveOn" TEXT,
ADD COLUMN     "endReason" "MesureEndReason",
ADD COLUMN     "extendedTo" TEXT,
ADD COLUMN     "householdPresent" BOOLEAN,
ADD COLUMN     "landlordPresent" BOOLEAN,
ADD COLUMN     "rentPaid" "BilanCondition",
ADD COLUMN     "rentPaidRemark" TEXT,
ADD COLUMN     "situationStable" "BilanCondition",
ADD COLUMN     "situationStableRemark" TEXT,
ADD COLUMN     "workerPresent" BOOLEAN;

-- CreateTable
CREATE TABLE "CandidatureEvent" (
    "id" TEXT NOT NULL,
    "territoryId" TEXT NOT NULL,
    "candidatureId" TEXT NOT NULL,
    "kind" "CandidatureEventKind" NOT NULL,
    "byId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "text" TEXT,

    CONSTRAINT "CandidatureEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CandidatureEvent_candidatureId_at_idx" ON "CandidatureEvent"("candidatureId", "at");

-- AddForeignKey
ALTER TABLE "CandidatureEvent" ADD CONSTRAINT "CandidatureEvent_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidatureEvent" ADD CONSTRAINT "CandidatureEvent_candidatureId_fkey" FOREIGN KEY ("candidatureId") REFERENCES "Candidature"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Existing candidatures: their deposit and, when decided, the decision start their history.
INSERT INTO "CandidatureEvent" ("id", "territoryId", "candidatureId", "kind", "byId", "at", "text")
SELECT 'm16d' || "id", "territoryId", "id", 'deposee', "submittedById", "submittedAt", NULL FROM "Candidature";
INSERT INTO "CandidatureEvent" ("id", "territoryId", "candidatureId", "kind", "byId", "at", "text")
SELECT 'm16s' || "id", "territoryId", "id", "status"::text::"CandidatureEventKind", "decidedById", "decidedAt", "decisionReason"
FROM "Candidature" WHERE "decidedAt" IS NOT NULL AND "decidedById" IS NOT NULL AND "status" <> 'soumise';

-- Existing bilans that ended a mesure carry the mesure's end.
UPDATE "Bilan" SET "endReason" = (SELECT m."endReason" FROM "Mesure" m WHERE m."id" = "Bilan"."mesureId")
WHERE "outcome" = 'fin';
UPDATE "Bilan" SET "effectiveOn" = (SELECT m."endDate" FROM "Mesure" m WHERE m."id" = "Bilan"."mesureId")
WHERE "outcome" = 'glisser';
