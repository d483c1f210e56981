-- A person may name who decides enrolment approvals in their place, until a date (services/people/delegation.ts).
-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "approvalDelegateId" TEXT,
ADD COLUMN     "approvalDelegateUntil" TIMESTAMP(3);
