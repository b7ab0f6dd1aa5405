-- A published card remembers what it stands for, so its message is linked to it once sent.
ALTER TABLE "OutboxMessage" ADD COLUMN "subject" TEXT;
