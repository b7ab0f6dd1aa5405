-- A done or cancelled échéance is settled for good: the reminders never read it again. Those closed
-- before they were settled kept a value that counted them among the échéances to read, which led
-- PostgreSQL, once it had statistics, to expect a large read and scan every mesure and household.
UPDATE "Echeance" SET "recheck" = ''
WHERE "recheck" <> '' AND ("doneAt" IS NOT NULL OR "cancelledAt" IS NOT NULL);

-- Statistics that count them as settled at once, not at autovacuum's next pass.
ANALYZE "Echeance";
