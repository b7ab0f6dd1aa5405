-- CreateTable
CREATE TABLE "Territory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "settings" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Member_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleGrant_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelBinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChannelBinding_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Dispositif" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "requiresHousedByOperator" BOOLEAN NOT NULL DEFAULT false,
    "firstBilanMonths" INTEGER NOT NULL DEFAULT 6,
    "secondBilanMonths" INTEGER NOT NULL DEFAULT 10,
    "slideDecisionMonths" INTEGER NOT NULL DEFAULT 12,
    "extensionMonths" INTEGER NOT NULL DEFAULT 6,
    "followUpMonths" INTEGER NOT NULL DEFAULT 2,
    "maxDurationMonths" INTEGER NOT NULL DEFAULT 18,
    "agrementStartMonth" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Dispositif_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Quota" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dispositifId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "approved" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Quota_dispositifId_fkey" FOREIGN KEY ("dispositifId") REFERENCES "Dispositif" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "composition" TEXT,
    "publicCible" TEXT,
    "resourceBracket" TEXT,
    "followerId" TEXT,
    "lastContactAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "anonymizedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Household_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Household_followerId_fkey" FOREIGN KEY ("followerId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Candidature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "dispositifId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'soumise',
    "hebergement" TEXT NOT NULL,
    "budgetTravaille" BOOLEAN NOT NULL,
    "note" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submissionCount" INTEGER NOT NULL DEFAULT 1,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "decisionReason" TEXT,
    "channelId" TEXT,
    "messageId" TEXT,
    CONSTRAINT "Candidature_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Candidature_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Candidature_dispositifId_fkey" FOREIGN KEY ("dispositifId") REFERENCES "Dispositif" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mesure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "candidatureId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "dispositifId" TEXT NOT NULL,
    "entryDate" TEXT NOT NULL,
    "landlord" TEXT NOT NULL,
    "parc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "plannedEndDate" TEXT NOT NULL,
    "endDate" TEXT,
    "endReason" TEXT,
    "openedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Mesure_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Mesure_candidatureId_fkey" FOREIGN KEY ("candidatureId") REFERENCES "Candidature" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Mesure_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Mesure_dispositifId_fkey" FOREIGN KEY ("dispositifId") REFERENCES "Dispositif" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Echeance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "mesureId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "doneAt" DATETIME,
    "cancelledAt" DATETIME,
    CONSTRAINT "Echeance_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Echeance_mesureId_fkey" FOREIGN KEY ("mesureId") REFERENCES "Mesure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Bilan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "mesureId" TEXT NOT NULL,
    "echeanceId" TEXT,
    "heldOn" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "fiche" JSONB,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Bilan_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Bilan_mesureId_fkey" FOREIGN KEY ("mesureId") REFERENCES "Mesure" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Bilan_echeanceId_fkey" FOREIGN KEY ("echeanceId") REFERENCES "Echeance" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComiteMeeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT,
    "heldAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ComiteMeeting_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Situation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "landlord" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ouverte',
    "outcome" TEXT,
    "meetingId" TEXT,
    "addedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "channelId" TEXT,
    "messageId" TEXT,
    CONSTRAINT "Situation_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Situation_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Situation_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "ComiteMeeting" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SituationEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "situationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SituationEntry_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SituationEntry_situationId_fkey" FOREIGN KEY ("situationId") REFERENCES "Situation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SituationAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "situationId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "doneAt" DATETIME,
    "doneById" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SituationAction_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SituationAction_situationId_fkey" FOREIGN KEY ("situationId") REFERENCES "Situation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SituationAction_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SecurisationClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "householdId" TEXT,
    "homeReference" TEXT,
    "claimedCents" INTEGER NOT NULL,
    "details" JSONB NOT NULL,
    "eligibility" JSONB,
    "outsideRules" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'soumise',
    "missing" TEXT,
    "rejectionReason" TEXT,
    "acceptedCents" INTEGER,
    "paidCents" INTEGER,
    "paidOn" TEXT,
    "declaredById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SecurisationClaim_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SecurisationClaim_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TreasuryAdvance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "requestedCents" INTEGER NOT NULL,
    "grantedCents" INTEGER,
    "disbursedCents" INTEGER,
    "repaidCents" INTEGER NOT NULL DEFAULT 0,
    "subsidy" TEXT NOT NULL,
    "funder" TEXT NOT NULL,
    "expectedPaymentDate" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'demandee',
    "requestedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TreasuryAdvance_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AdvanceMovement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "advanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AdvanceMovement_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AdvanceMovement_advanceId_fkey" FOREIGN KEY ("advanceId") REFERENCES "TreasuryAdvance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReminderDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectRef" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "digestId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "ReminderDelivery_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReminderSnooze" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "subjectRef" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "until" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderSnooze_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectRef" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "details" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ReferenceCounter_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Territory_platform_externalId_key" ON "Territory"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_territoryId_externalId_key" ON "Member"("territoryId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_territoryId_subject_subjectId_role_key" ON "RoleGrant"("territoryId", "subject", "subjectId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelBinding_territoryId_purpose_key" ON "ChannelBinding"("territoryId", "purpose");

-- CreateIndex
CREATE UNIQUE INDEX "Dispositif_territoryId_code_key" ON "Dispositif"("territoryId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Quota_dispositifId_year_key" ON "Quota"("dispositifId", "year");

-- CreateIndex
CREATE INDEX "Household_territoryId_lastContactAt_idx" ON "Household"("territoryId", "lastContactAt");

-- CreateIndex
CREATE UNIQUE INDEX "Household_territoryId_reference_key" ON "Household"("territoryId", "reference");

-- CreateIndex
CREATE INDEX "Candidature_territoryId_status_submittedAt_idx" ON "Candidature"("territoryId", "status", "submittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Candidature_territoryId_reference_key" ON "Candidature"("territoryId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "Mesure_candidatureId_key" ON "Mesure"("candidatureId");

-- CreateIndex
CREATE INDEX "Mesure_dispositifId_status_idx" ON "Mesure"("dispositifId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Mesure_territoryId_reference_key" ON "Mesure"("territoryId", "reference");

-- CreateIndex
CREATE INDEX "Echeance_territoryId_doneAt_cancelledAt_dueDate_idx" ON "Echeance"("territoryId", "doneAt", "cancelledAt", "dueDate");

-- CreateIndex
CREATE INDEX "Echeance_mesureId_idx" ON "Echeance"("mesureId");

-- CreateIndex
CREATE UNIQUE INDEX "Bilan_echeanceId_key" ON "Bilan"("echeanceId");

-- CreateIndex
CREATE INDEX "Bilan_mesureId_idx" ON "Bilan"("mesureId");

-- CreateIndex
CREATE UNIQUE INDEX "ComiteMeeting_territoryId_date_key" ON "ComiteMeeting"("territoryId", "date");

-- CreateIndex
CREATE INDEX "Situation_territoryId_status_idx" ON "Situation"("territoryId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Situation_territoryId_reference_key" ON "Situation"("territoryId", "reference");

-- CreateIndex
CREATE INDEX "SituationEntry_situationId_idx" ON "SituationEntry"("situationId");

-- CreateIndex
CREATE INDEX "SituationAction_territoryId_doneAt_dueDate_idx" ON "SituationAction"("territoryId", "doneAt", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "SituationAction_territoryId_number_key" ON "SituationAction"("territoryId", "number");

-- CreateIndex
CREATE INDEX "SecurisationClaim_territoryId_status_statusChangedAt_idx" ON "SecurisationClaim"("territoryId", "status", "statusChangedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SecurisationClaim_territoryId_reference_key" ON "SecurisationClaim"("territoryId", "reference");

-- CreateIndex
CREATE INDEX "TreasuryAdvance_territoryId_status_expectedPaymentDate_idx" ON "TreasuryAdvance"("territoryId", "status", "expectedPaymentDate");

-- CreateIndex
CREATE UNIQUE INDEX "TreasuryAdvance_territoryId_reference_key" ON "TreasuryAdvance"("territoryId", "reference");

-- CreateIndex
CREATE INDEX "AdvanceMovement_advanceId_idx" ON "AdvanceMovement"("advanceId");

-- CreateIndex
CREATE INDEX "ReminderDelivery_territoryId_status_idx" ON "ReminderDelivery"("territoryId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderDelivery_territoryId_key_key" ON "ReminderDelivery"("territoryId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderSnooze_territoryId_kind_subjectRef_key" ON "ReminderSnooze"("territoryId", "kind", "subjectRef");

-- CreateIndex
CREATE INDEX "AuditEvent_territoryId_subjectRef_createdAt_idx" ON "AuditEvent"("territoryId", "subjectRef", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_territoryId_createdAt_idx" ON "AuditEvent"("territoryId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReferenceCounter_territoryId_prefix_year_key" ON "ReferenceCounter"("territoryId", "prefix", "year");
