-- CreateEnum
CREATE TYPE "Composition" AS ENUM ('personne_seule', 'couple_sans_enfant', 'famille_monoparentale', 'couple_avec_enfants', 'autre');

-- AlterTable: the household's composition becomes a category the activity report counts. A free
-- text an earlier version stored maps to its category where it reads as one ("1 adulte",
-- "2 adultes, 1 enfant"...), otherwise to "autre": the text itself is never kept, in no column.
ALTER TABLE "Household" ALTER COLUMN "composition" TYPE "Composition" USING (
  CASE
      WHEN "composition" IS NULL OR trim("composition") = '' THEN NULL
      WHEN replace(lower(trim("composition")), ' ', '') IN ('1adulte', 'personneseule', 'isolé', 'isolée', 'isole', 'isolee', 'seul', 'seule') THEN 'personne_seule'
      WHEN replace(lower(trim("composition")), ' ', '') IN ('2adultes', 'couple', 'couplesansenfant', 'couplesansenfants') THEN 'couple_sans_enfant'
      WHEN replace(lower(trim("composition")), ' ', '') LIKE '1adulte%enfant%'
        OR replace(lower(trim("composition")), ' ', '') LIKE 'famillemonoparentale%' THEN 'famille_monoparentale'
      WHEN replace(lower(trim("composition")), ' ', '') LIKE '2adultes%enfant%'
        OR replace(lower(trim("composition")), ' ', '') LIKE 'coupleavec%enfant%' THEN 'couple_avec_enfants'
      ELSE 'autre'
    END
)::"Composition";
