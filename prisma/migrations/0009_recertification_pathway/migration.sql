-- The re-certification pathway of a program version: accepted evidence formats and the number of assessors.
-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "recertificationAssessors" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "recertificationEvidenceFormats" TEXT[] DEFAULT ARRAY[]::TEXT[];

