-- AlterTable
ALTER TABLE "SecurisationClaim" ADD COLUMN     "channelId" TEXT,
ADD COLUMN     "messageId" TEXT;
