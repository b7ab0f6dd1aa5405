-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL,
    "installKey" TEXT NOT NULL,
    "territoryId" TEXT NOT NULL,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "appId" TEXT,
    "botId" TEXT,
    "botUserId" TEXT,
    "botScopes" TEXT NOT NULL DEFAULT '',
    "botToken" TEXT,
    "botRefreshToken" TEXT,
    "botTokenExpiresAt" TIMESTAMP(3),
    "installerUserId" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "SlackInstallation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackOAuthState" (
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackOAuthState_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackInstallation_installKey_key" ON "SlackInstallation"("installKey");

-- CreateIndex
CREATE INDEX "SlackInstallation_territoryId_idx" ON "SlackInstallation"("territoryId");

-- AddForeignKey
ALTER TABLE "SlackInstallation" ADD CONSTRAINT "SlackInstallation_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

