-- CreateEnum
CREATE TYPE "Barrier" AS ENUM ('dettes', 'ressources_insuffisantes', 'logement_inadapte', 'reticence_bailleur', 'savoir_habiter', 'sante', 'droit_au_sejour', 'autre');

-- CreateTable: the barriers to exit a bilan notes, one row per category, for the activity report.
CREATE TABLE "BilanBarrier" (
    "bilanId" TEXT NOT NULL,
    "barrier" "Barrier" NOT NULL,

    CONSTRAINT "BilanBarrier_pkey" PRIMARY KEY ("bilanId","barrier")
);

-- AddForeignKey
ALTER TABLE "BilanBarrier" ADD CONSTRAINT "BilanBarrier_bilanId_fkey" FOREIGN KEY ("bilanId") REFERENCES "Bilan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
