-- AlterTable
ALTER TABLE "RuleSet" ADD COLUMN     "reviewDueOn" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RuleSetDraft" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "basedOnVersion" INTEGER,
    "definition" JSONB NOT NULL,
    "author" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleSetDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleSetReview" (
    "id" TEXT NOT NULL,
    "ruleSetKey" TEXT NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,
    "reviewedOn" TIMESTAMP(3),
    "reviewer" TEXT,
    "outcome" TEXT,
    "notes" TEXT,

    CONSTRAINT "RuleSetReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleTransition" (
    "id" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "previousRuleSetId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "journeysNotified" INTEGER NOT NULL DEFAULT 0,
    "results" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleTransition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RuleSetDraft_key_idx" ON "RuleSetDraft"("key");

-- CreateIndex
CREATE INDEX "RuleSetReview_ruleSetKey_reviewedOn_idx" ON "RuleSetReview"("ruleSetKey", "reviewedOn");

-- CreateIndex
CREATE INDEX "RuleSetReview_dueOn_idx" ON "RuleSetReview"("dueOn");

-- CreateIndex
CREATE INDEX "RuleTransition_ruleSetId_idx" ON "RuleTransition"("ruleSetId");

-- AddForeignKey
ALTER TABLE "RuleTransition" ADD CONSTRAINT "RuleTransition_ruleSetId_fkey" FOREIGN KEY ("ruleSetId") REFERENCES "RuleSet"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

