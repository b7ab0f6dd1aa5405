-- AlterTable
ALTER TABLE "Echeance" ADD COLUMN "recheck" TEXT NOT NULL DEFAULT '!';

-- CreateIndex
CREATE INDEX "Echeance_territoryId_doneAt_cancelledAt_recheck_idx" ON "Echeance"("territoryId", "doneAt", "cancelledAt", "recheck");

-- Open échéances due beyond any lead (90 days, and two for time zones) start settled, as new ones
-- do; the others are read by the next reminders run.
UPDATE "Echeance" SET "recheck" = ''
WHERE "doneAt" IS NULL AND "cancelledAt" IS NULL AND "dueDate" > date('now', '+92 days');
