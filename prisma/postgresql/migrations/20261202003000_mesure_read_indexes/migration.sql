-- CreateIndex
CREATE INDEX "Mesure_dispositifId_entryDate_endDate_idx" ON "Mesure"("dispositifId", "entryDate", "endDate");

-- CreateIndex
CREATE INDEX "Mesure_id_status_idx" ON "Mesure"("id", "status");
