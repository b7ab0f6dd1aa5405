-- AlterTable
ALTER TABLE "Situation" ADD COLUMN     "landlordId" TEXT,
ADD COLUMN     "privateOwnerRef" TEXT;

-- AddForeignKey
ALTER TABLE "Situation" ADD CONSTRAINT "Situation_landlordId_fkey" FOREIGN KEY ("landlordId") REFERENCES "Landlord"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Existing free-text landlords name a list entry, as the mesures' did: a private owner typed as
-- text is never named; a name the territory's list lacks (whatever its case) becomes an entry,
-- social stock (the comité's landlords are social ones); each situation then names its entry.
UPDATE "Situation" SET "landlord" = ''
WHERE lower(trim("landlord")) IN ('prive', 'privé', 'proprietaire prive', 'propriétaire privé', 'private', 'private owner');
INSERT INTO "Landlord" ("id", "territoryId", "name", "parc")
SELECT gen_random_uuid()::text, s."territoryId", MIN(trim(s."landlord")), 'public'::"Parc"
FROM "Situation" s
WHERE trim(s."landlord") <> '' AND NOT EXISTS (
  SELECT 1 FROM "Landlord" l WHERE l."territoryId" = s."territoryId" AND lower(l."name") = lower(trim(s."landlord"))
)
GROUP BY s."territoryId", lower(trim(s."landlord"));
UPDATE "Situation" SET "landlordId" = (
  SELECT l."id" FROM "Landlord" l
  WHERE l."territoryId" = "Situation"."territoryId" AND lower(l."name") = lower(trim("Situation"."landlord"))
  ORDER BY l."active" DESC, l."name" LIMIT 1
) WHERE trim("landlord") <> '';
UPDATE "Situation" SET "landlord" = l."name" FROM "Landlord" l WHERE l."id" = "Situation"."landlordId";
