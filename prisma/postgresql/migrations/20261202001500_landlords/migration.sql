-- AlterTable
ALTER TABLE "Mesure" ADD COLUMN     "landlordId" TEXT,
ADD COLUMN     "privateOwnerRef" TEXT;

-- CreateTable
CREATE TABLE "Landlord" (
    "id" TEXT NOT NULL,
    "territoryId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parc" "Parc" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Landlord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Landlord_territoryId_name_key" ON "Landlord"("territoryId", "name");

-- AddForeignKey
ALTER TABLE "Mesure" ADD CONSTRAINT "Mesure_landlordId_fkey" FOREIGN KEY ("landlordId") REFERENCES "Landlord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Landlord" ADD CONSTRAINT "Landlord_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Existing free-text landlords become list entries: one per territory and name, social stock when
-- any of its mesures says so; each mesure then names its entry.
INSERT INTO "Landlord" ("id", "territoryId", "name", "parc")
SELECT gen_random_uuid()::text, "territoryId", trim("landlord"),
       CASE WHEN bool_or("parc" = 'public') THEN 'public'::"Parc" ELSE 'prive'::"Parc" END
FROM "Mesure" WHERE trim("landlord") <> '' GROUP BY "territoryId", trim("landlord");
UPDATE "Mesure" SET "landlordId" = "Landlord"."id"
FROM "Landlord"
WHERE "Landlord"."territoryId" = "Mesure"."territoryId" AND "Landlord"."name" = trim("Mesure"."landlord");
