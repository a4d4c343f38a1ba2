-- AlterTable
ALTER TABLE "BankReturnFile" ADD COLUMN     "contentCipher" BYTEA,
ADD COLUMN     "finishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "jobId" UUID,
ADD COLUMN     "reconciled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rejectedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rejectedRows" JSONB,
ADD COLUMN     "rows" INTEGER,
ADD COLUMN     "unchangedLines" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "paidLines" SET DEFAULT 0,
ALTER COLUMN "failedLines" SET DEFAULT 0;

-- CreateTable
CREATE TABLE "PopulationImport" (
    "id" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA,
    "defaultSource" TEXT,
    "jobId" UUID,
    "createdById" UUID NOT NULL,
    "rows" INTEGER,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejectedRows" JSONB,
    "rejectedCount" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PopulationImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PopulationImport_jobId_key" ON "PopulationImport"("jobId");

-- CreateIndex
CREATE INDEX "PopulationImport_createdById_createdAt_idx" ON "PopulationImport"("createdById", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BankReturnFile_jobId_key" ON "BankReturnFile"("jobId");

-- Files imported before imports became jobs were applied in their request.
UPDATE "BankReturnFile" SET "finishedAt" = "createdAt" WHERE "finishedAt" IS NULL;
