-- An ended mesure keeps no open échéance (lists of bilans due no longer read the mesure's status):
-- cancel any left open by an earlier version, now (timestamps are kept in UTC).
UPDATE "Echeance" SET "cancelledAt" = (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')
WHERE "doneAt" IS NULL AND "cancelledAt" IS NULL
  AND "mesureId" IN (SELECT "id" FROM "Mesure" WHERE "status" <> 'active');
