-- CreateTable
CREATE TABLE "UploadOwnership" (
    "sha256" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UploadOwnership_pkey" PRIMARY KEY ("sha256","personId")
);

-- CreateIndex
CREATE INDEX "UploadOwnership_personId_idx" ON "UploadOwnership"("personId");

-- CreateIndex
CREATE INDEX "UploadOwnership_claimedAt_idx" ON "UploadOwnership"("claimedAt");

-- CreateIndex
CREATE INDEX "Submission_fileSha256_idx" ON "Submission"("fileSha256");

-- AddForeignKey
ALTER TABLE "UploadOwnership" ADD CONSTRAINT "UploadOwnership_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "UploadedFile"("sha256") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: every file stored so far belongs to the person who uploaded it first (the only uploader
-- recorded until now). Its grace period starts at the migration, so nothing is swept at once.
INSERT INTO "UploadOwnership" ("sha256", "personId", "fileName", "mimeType", "size", "uploadedAt", "claimedAt")
SELECT "sha256", "uploadedBy", "fileName", "mimeType", "size", "uploadedAt", CURRENT_TIMESTAMP FROM "UploadedFile";
