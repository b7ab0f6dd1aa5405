-- CreateTable: the barriers to exit a bilan notes, one row per category, for the activity report.
CREATE TABLE "BilanBarrier" (
    "bilanId" TEXT NOT NULL,
    "barrier" TEXT NOT NULL,

    PRIMARY KEY ("bilanId", "barrier"),
    CONSTRAINT "BilanBarrier_bilanId_fkey" FOREIGN KEY ("bilanId") REFERENCES "Bilan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
