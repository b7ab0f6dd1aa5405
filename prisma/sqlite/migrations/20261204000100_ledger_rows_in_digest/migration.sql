-- A reminder's posting is now kept once, on its digest's outbox row (key = digestId), instead of on
-- each of its ledger rows: the rows given to a digest, posted or not, are "in_digest".
UPDATE "ReminderDelivery" SET "status" = 'in_digest'
WHERE "digestId" IS NOT NULL AND "status" IN ('pending', 'sent');

-- DropIndex
-- Nothing reads the ledger by territory and status any more (rows waiting for a digest are found
-- through the digest index, digestId IS NULL), and with the status of fresh rows not yet analysed
-- PostgreSQL took it to find a digest's rows, reading each territory's whole day.
DROP INDEX "ReminderDelivery_territoryId_status_idx";
