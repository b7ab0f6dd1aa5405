-- CreateTable
CREATE TABLE "MatrixCardChoices" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "roomId" TEXT NOT NULL,
    "choices" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MatrixGuidedForm" (
    "roomId" TEXT NOT NULL,
    "threadRoot" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "entryKey" TEXT NOT NULL,
    "values" TEXT NOT NULL,
    "pending" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("roomId", "threadRoot", "userId")
);

-- CreateIndex
CREATE INDEX "MatrixCardChoices_createdAt_idx" ON "MatrixCardChoices"("createdAt");

-- CreateIndex
CREATE INDEX "MatrixGuidedForm_updatedAt_idx" ON "MatrixGuidedForm"("updatedAt");
