-- Calibration exercises: a benchmark submission scored by assessors, apart from any journey.
-- CreateTable
CREATE TABLE "CalibrationExercise" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "pathwayId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "rubric" JSONB NOT NULL,
    "reference" JSONB,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closesAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,

    CONSTRAINT "CalibrationExercise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalibrationSheet" (
    "id" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "assessorId" TEXT NOT NULL,
    "scores" JSONB NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalibrationSheet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CalibrationExercise_programId_createdAt_idx" ON "CalibrationExercise"("programId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CalibrationSheet_exerciseId_assessorId_key" ON "CalibrationSheet"("exerciseId", "assessorId");

-- AddForeignKey
ALTER TABLE "CalibrationSheet" ADD CONSTRAINT "CalibrationSheet_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "CalibrationExercise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
