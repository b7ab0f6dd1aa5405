-- AlterEnum
-- A ledger row carried by its digest: the digest's outbox row tells whether it is posted. Alone in
-- its migration: PostgreSQL lets a new enum value be used only once the transaction adding it has
-- committed (the next migration uses it).
ALTER TYPE "DeliveryStatus" ADD VALUE 'in_digest' BEFORE 'sent';
