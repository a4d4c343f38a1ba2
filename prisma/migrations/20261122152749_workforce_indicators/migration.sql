-- CreateEnum
CREATE TYPE "WorkforceIndicator" AS ENUM ('CERTIFIED_PER_10K', 'SENIOR_SHARE', 'FIRST_AID_SHARE', 'TRAINING_COVERAGE', 'CERTIFIED_ON_JOB', 'SOCIAL_WORKERS_PER_10K');

-- CreateTable
CREATE TABLE "WorkforceTarget" (
    "id" UUID NOT NULL,
    "regionId" UUID,
    "indicator" "WorkforceIndicator" NOT NULL,
    "year" INTEGER NOT NULL,
    "value" DECIMAL(10,4) NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkforceTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkforceSnapshot" (
    "id" UUID NOT NULL,
    "regionId" UUID NOT NULL,
    "onDate" DATE NOT NULL,
    "careWorkersInPost" INTEGER NOT NULL,
    "certified" INTEGER NOT NULL,
    "senior" INTEGER NOT NULL,
    "firstAid" INTEGER NOT NULL,
    "trainingBase" INTEGER NOT NULL,
    "trained" INTEGER NOT NULL,
    "socialWorkers" INTEGER NOT NULL,
    "population" INTEGER,
    "populationYear" INTEGER,
    "populationBasis" "PopulationBasis",
    "populationAgeBand" "AgeBand",
    "takenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkforceSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkforceTarget_regionId_indicator_year_key" ON "WorkforceTarget"("regionId", "indicator", "year");

-- CreateIndex
CREATE INDEX "WorkforceSnapshot_onDate_idx" ON "WorkforceSnapshot"("onDate");

-- CreateIndex
CREATE UNIQUE INDEX "WorkforceSnapshot_regionId_onDate_key" ON "WorkforceSnapshot"("regionId", "onDate");

-- AddForeignKey
ALTER TABLE "WorkforceTarget" ADD CONSTRAINT "WorkforceTarget_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkforceSnapshot" ADD CONSTRAINT "WorkforceSnapshot_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Constraints Prisma cannot express.
-- One default (region null) per indicator and year: the unique index above treats nulls as distinct.
CREATE UNIQUE INDEX "WorkforceTarget_default_key" ON "WorkforceTarget"("indicator", "year") WHERE "regionId" IS NULL;
ALTER TABLE "WorkforceTarget" ADD CONSTRAINT "WorkforceTarget_value_check" CHECK ("value" >= 0 AND ("indicator" IN ('CERTIFIED_PER_10K', 'SOCIAL_WORKERS_PER_10K') OR "value" <= 1));
ALTER TABLE "WorkforceSnapshot" ADD CONSTRAINT "WorkforceSnapshot_counts_check" CHECK (
  "certified" <= "careWorkersInPost" AND "senior" <= "certified" AND "firstAid" <= "certified"
  AND "trained" <= "trainingBase" AND "socialWorkers" >= 0 AND ("population" IS NULL OR "population" > 0));
