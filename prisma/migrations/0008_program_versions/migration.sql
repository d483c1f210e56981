-- Programs as documents: immutable versions with four-eyes publication, their audit trail, and what a
-- version holds beyond the old columns (owners, learning resources, per-pathway check-in cadence).
-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "currentVersion" INTEGER,
ADD COLUMN     "fourEyes" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "owners" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Pathway" ADD COLUMN     "checkInCadence" TEXT,
ADD COLUMN     "learningResources" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "retiredAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RuleSet" ADD COLUMN     "approvedBy" TEXT;

-- AlterTable
ALTER TABLE "RuleSetDraft" ADD COLUMN     "request" JSONB,
ADD COLUMN     "requestedAt" TIMESTAMP(3),
ADD COLUMN     "requestedBy" TEXT;

-- AlterTable
ALTER TABLE "CommitteeTerm" ADD COLUMN     "programId" TEXT;

-- CreateTable
CREATE TABLE "ProgramVersion" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "policies" JSONB,
    "noticePeriod" TEXT,
    "reason" TEXT,
    "requestedBy" TEXT,
    "requestedAt" TIMESTAMP(3),
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "effectiveAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "results" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgramVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgramAudit" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgramAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProgramVersion_status_effectiveAt_idx" ON "ProgramVersion"("status", "effectiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProgramVersion_programId_version_key" ON "ProgramVersion"("programId", "version");

-- CreateIndex
CREATE INDEX "ProgramAudit_programId_at_idx" ON "ProgramAudit"("programId", "at");

-- DropForeignKey
ALTER TABLE "RuleSet" DROP CONSTRAINT "RuleSet_programId_fkey";

