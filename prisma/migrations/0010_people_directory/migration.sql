-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "assignedRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "employeeNumber" TEXT,
ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "familyName" TEXT,
ADD COLUMN     "givenName" TEXT,
ADD COLUMN     "roleLevel" INTEGER,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'admin',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "userName" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1,
ALTER COLUMN "hiredAt" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "whenHolderLeaves" TEXT NOT NULL DEFAULT 'keep';

-- AlterTable
ALTER TABLE "PersonDemographics" ADD COLUMN     "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'self';

-- AlterTable
ALTER TABLE "CourseCompletion" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'admin',
ADD COLUMN     "statementId" TEXT;

-- AlterTable
ALTER TABLE "HeldCertification" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'admin';

-- CreateTable
CREATE TABLE "PersonAudit" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" JSONB NOT NULL,

    CONSTRAINT "PersonAudit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryGroup" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryGroupMember" (
    "groupId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "DirectoryGroupMember_pkey" PRIMARY KEY ("groupId","personId")
);

-- CreateTable
CREATE TABLE "GroupRoleMapping" (
    "groupName" TEXT NOT NULL,
    "roles" TEXT[],
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupRoleMapping_pkey" PRIMARY KEY ("groupName")
);

-- CreateTable
CREATE TABLE "IntegrationClient" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "IntegrationClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonAttribute" (
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonAttribute_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "LearningStatement" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "personId" TEXT,
    "verb" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "courseCode" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statement" JSONB NOT NULL,
    "voidedBy" TEXT,

    CONSTRAINT "LearningStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearningActivity" (
    "activityId" TEXT NOT NULL,
    "courseCode" TEXT NOT NULL,

    CONSTRAINT "LearningActivity_pkey" PRIMARY KEY ("activityId")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" JSONB NOT NULL,

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PersonAudit_personId_at_idx" ON "PersonAudit"("personId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryGroup_displayName_key" ON "DirectoryGroup"("displayName");

-- CreateIndex
CREATE INDEX "DirectoryGroupMember_personId_idx" ON "DirectoryGroupMember"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationClient_secretHash_key" ON "IntegrationClient"("secretHash");

-- CreateIndex
CREATE INDEX "LearningStatement_personId_courseCode_idx" ON "LearningStatement"("personId", "courseCode");

-- CreateIndex
CREATE UNIQUE INDEX "Person_externalId_key" ON "Person"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_userName_key" ON "Person"("userName");

-- AddForeignKey
ALTER TABLE "DirectoryGroupMember" ADD CONSTRAINT "DirectoryGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "DirectoryGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectoryGroupMember" ADD CONSTRAINT "DirectoryGroupMember_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Roles held before directory groups existed were all given directly.
UPDATE "Person" SET "assignedRoles" = "roles";
