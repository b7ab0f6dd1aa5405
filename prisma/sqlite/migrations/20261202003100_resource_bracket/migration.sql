-- The household's resources become a closed category in the schema too (the option already
-- offered only these): a value outside the list, which no version should have stored, is cleared
-- rather than guessed.
UPDATE "Household" SET "resourceBracket" = NULL
WHERE "resourceBracket" IS NOT NULL
  AND "resourceBracket" NOT IN ('sans_ressources', 'minima_sociaux', 'inferieures_smic', 'smic_ou_plus');
