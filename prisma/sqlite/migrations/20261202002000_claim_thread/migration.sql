ALTER TABLE "SecurisationClaim" ADD COLUMN "channelId" TEXT;
ALTER TABLE "SecurisationClaim" ADD COLUMN "messageId" TEXT;
