-- CreateIndex
CREATE INDEX "Journey_enrolledAt_id_idx" ON "Journey"("enrolledAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Journey_programId_enrolledAt_id_idx" ON "Journey"("programId", "enrolledAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Journey_programId_stage_enrolledAt_id_idx" ON "Journey"("programId", "stage", "enrolledAt" DESC, "id");
