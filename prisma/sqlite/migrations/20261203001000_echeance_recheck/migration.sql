-- AlterTable
ALTER TABLE "Echeance" ADD COLUMN "recheck" TEXT NOT NULL DEFAULT '!';

-- CreateIndex
CREATE INDEX "Echeance_territoryId_doneAt_cancelledAt_recheck_idx" ON "Echeance"("territoryId", "doneAt", "cancelledAt", "recheck");
