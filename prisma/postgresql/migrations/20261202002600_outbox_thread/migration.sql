-- A reply in a case's thread goes through the outbox: the message its thread hangs from.
ALTER TABLE "OutboxMessage" ADD COLUMN     "threadOf" TEXT;
