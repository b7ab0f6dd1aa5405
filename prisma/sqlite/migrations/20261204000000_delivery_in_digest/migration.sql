-- AlterEnum
-- A ledger row carried by its digest: the digest's outbox row tells whether it is posted. SQLite
-- keeps enums as text: nothing to change here (PostgreSQL adds the value to its type).
SELECT 1;
