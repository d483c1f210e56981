-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "celebrationOptIn" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ProgramReport" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "quarter" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "html" TEXT NOT NULL,
    "csv" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "generatedBy" TEXT NOT NULL,

    CONSTRAINT "ProgramReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "assessmentId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "pathwayId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "comment" TEXT,
    "respondedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProgramReport_programId_quarter_key" ON "ProgramReport"("programId", "quarter");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_assessmentId_key" ON "SurveyResponse"("assessmentId");

-- CreateIndex
CREATE INDEX "SurveyResponse_programId_idx" ON "SurveyResponse"("programId");

