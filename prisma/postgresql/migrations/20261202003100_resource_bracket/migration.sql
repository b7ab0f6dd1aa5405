-- CreateEnum
CREATE TYPE "ResourceBracket" AS ENUM ('sans_ressources', 'minima_sociaux', 'inferieures_smic', 'smic_ou_plus');

-- AlterTable: the household's resources become a closed category in the schema too (the option
-- already offered only these): a value outside the list, which no version should have stored, is
-- cleared rather than guessed.
ALTER TABLE "Household" ALTER COLUMN "resourceBracket" TYPE "ResourceBracket" USING (
  CASE
    WHEN "resourceBracket" IN ('sans_ressources', 'minima_sociaux', 'inferieures_smic', 'smic_ou_plus') THEN "resourceBracket"
    ELSE NULL
  END
)::"ResourceBracket";
