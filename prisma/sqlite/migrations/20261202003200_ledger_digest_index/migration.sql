-- CreateIndex
CREATE INDEX "ReminderDelivery_territoryId_digestId_idx" ON "ReminderDelivery"("territoryId", "digestId");
