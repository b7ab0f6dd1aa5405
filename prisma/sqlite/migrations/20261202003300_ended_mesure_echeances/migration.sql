-- An ended mesure keeps no open échéance (lists of bilans due no longer read the mesure's status):
-- cancel any left open by an earlier version, now.
UPDATE "Echeance" SET "cancelledAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE "doneAt" IS NULL AND "cancelledAt" IS NULL
  AND "mesureId" IN (SELECT "id" FROM "Mesure" WHERE "status" <> 'active');
