-- Program options the journey's terms carry (program document panel.anonymised, panel.excludeTeammates,
-- responseTimes); before this, a journey read them nowhere and took the defaults.
-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "anonymisedAssessment" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "excludeTeammates" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "responseTimes" JSONB;
