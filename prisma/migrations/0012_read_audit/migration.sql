-- CreateTable
CREATE TABLE "ReadAudit" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "viewerId" TEXT NOT NULL,
    "subjectId" TEXT,
    "journeyId" TEXT,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "operation" TEXT,
    "traceId" TEXT,
    "address" TEXT,

    CONSTRAINT "ReadAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReadAudit_subjectId_at_idx" ON "ReadAudit"("subjectId", "at");

-- CreateIndex
CREATE INDEX "ReadAudit_viewerId_at_idx" ON "ReadAudit"("viewerId", "at");

-- CreateIndex
CREATE INDEX "ReadAudit_at_idx" ON "ReadAudit"("at");

