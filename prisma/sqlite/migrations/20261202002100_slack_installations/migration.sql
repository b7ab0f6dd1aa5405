-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "botTokenExpiresAt" DATETIME,
    "installerUserId" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "SlackInstallation_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SlackOAuthState" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackInstallation_installKey_key" ON "SlackInstallation"("installKey");

-- CreateIndex
CREATE INDEX "SlackInstallation_territoryId_idx" ON "SlackInstallation"("territoryId");

