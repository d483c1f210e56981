-- CreateTable
CREATE TABLE "PersonDemographics" (
    "personId" TEXT NOT NULL,
    "gender" TEXT,
    "ethnicity" TEXT,
    "ageBand" TEXT,
    "disability" TEXT,

    CONSTRAINT "PersonDemographics_pkey" PRIMARY KEY ("personId")
);

-- AddForeignKey
ALTER TABLE "PersonDemographics" ADD CONSTRAINT "PersonDemographics_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

