-- CreateTable
CREATE TABLE "Landlord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "territoryId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parc" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Landlord_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (columns added in place: the table keeps its rows and every later column)
ALTER TABLE "Mesure" ADD COLUMN "landlordId" TEXT REFERENCES "Landlord" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Mesure" ADD COLUMN "privateOwnerRef" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Landlord_territoryId_name_key" ON "Landlord"("territoryId", "name");


-- Existing free-text landlords become list entries: one per territory and name, social stock when
-- any of its mesures says so; each mesure then names its entry.
INSERT INTO "Landlord" ("id", "territoryId", "name", "parc")
SELECT lower(hex(randomblob(12))), "territoryId", trim("landlord"),
       CASE WHEN MAX("parc" = 'public') THEN 'public' ELSE 'prive' END
FROM "Mesure" WHERE trim("landlord") <> '' GROUP BY "territoryId", trim("landlord");
UPDATE "Mesure" SET "landlordId" = (
  SELECT "id" FROM "Landlord" WHERE "Landlord"."territoryId" = "Mesure"."territoryId" AND "Landlord"."name" = trim("Mesure"."landlord")
) WHERE trim("landlord") <> '';
