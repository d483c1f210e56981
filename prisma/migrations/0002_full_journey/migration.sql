-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "mentorCapacity" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "appealReviewers" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "appealWindow" TEXT NOT NULL DEFAULT 'P14D',
ADD COLUMN     "checkInCadence" TEXT NOT NULL DEFAULT 'P14D',
ADD COLUMN     "checkInReminder" TEXT NOT NULL DEFAULT 'P2D',
ADD COLUMN     "gracePeriod" TEXT NOT NULL DEFAULT 'P0D',
ADD COLUMN     "maxResubmissions" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "moderationSpread" DOUBLE PRECISION NOT NULL DEFAULT 1,
ADD COLUMN     "panelSize" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "recertificationReminders" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "recertificationRuleSetId" TEXT,
ADD COLUMN     "submissionReminders" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Pathway" ADD COLUMN     "evidenceRequirements" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "progression" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Journey" ADD COLUMN     "cohortId" TEXT,
ADD COLUMN     "endReason" TEXT,
ADD COLUMN     "learningPlan" JSONB,
ADD COLUMN     "mentorId" TEXT,
ADD COLUMN     "panel" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "panelRound" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pausedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "fileName" TEXT,
ADD COLUMN     "fileSha256" TEXT,
ADD COLUMN     "fileSize" INTEGER,
ADD COLUMN     "mimeType" TEXT,
ADD COLUMN     "scheduledAt" TIMESTAMP(3),
ADD COLUMN     "url" TEXT;

-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "moderatedBy" TEXT,
ADD COLUMN     "panel" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "spread" DOUBLE PRECISION,
ALTER COLUMN "assessorId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "revokedBy" TEXT,
ADD COLUMN     "revokedReason" TEXT;

-- CreateTable
CREATE TABLE "PanelScore" (
    "id" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "assessorId" TEXT NOT NULL,
    "scores" JSONB NOT NULL,
    "comment" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PanelScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "assessmentId" TEXT NOT NULL,
    "grounds" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "filedBy" TEXT NOT NULL,
    "reviewers" TEXT[],
    "outcome" TEXT,
    "rationale" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Competency" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Competency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PerformanceIndicator" (
    "id" TEXT NOT NULL,
    "competencyId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PerformanceIndicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cohort" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pilot" BOOLEAN NOT NULL DEFAULT false,
    "startsOn" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cohort_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeTerm" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "endsOn" TIMESTAMP(3) NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',

    CONSTRAINT "CommitteeTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3),
    "progress" TEXT,
    "blockers" TEXT,
    "nextSteps" TEXT,
    "missed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "badge" TEXT,
    "awardedAt" TIMESTAMP(3) NOT NULL,
    "awardedBy" TEXT NOT NULL,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UploadedFile" (
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UploadedFile_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE UNIQUE INDEX "PanelScore_submissionId_round_assessorId_key" ON "PanelScore"("submissionId", "round", "assessorId");

-- CreateIndex
CREATE UNIQUE INDEX "Competency_programId_key_key" ON "Competency"("programId", "key");

-- CreateIndex
CREATE INDEX "CommitteeTerm_startsOn_endsOn_idx" ON "CommitteeTerm"("startsOn", "endsOn");

-- CreateIndex
CREATE INDEX "CheckIn_journeyId_dueAt_idx" ON "CheckIn"("journeyId", "dueAt");

-- CreateIndex
CREATE INDEX "Journey_mentorId_idx" ON "Journey"("mentorId");

-- CreateIndex
CREATE INDEX "Journey_cohortId_idx" ON "Journey"("cohortId");

-- AddForeignKey
ALTER TABLE "Journey" ADD CONSTRAINT "Journey_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelScore" ADD CONSTRAINT "PanelScore_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competency" ADD CONSTRAINT "Competency_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PerformanceIndicator" ADD CONSTRAINT "PerformanceIndicator_competencyId_fkey" FOREIGN KEY ("competencyId") REFERENCES "Competency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeTerm" ADD CONSTRAINT "CommitteeTerm_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

