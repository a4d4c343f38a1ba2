-- CreateEnum
CREATE TYPE "AppealStatus" AS ENUM ('LODGED', 'UPHELD', 'DISMISSED');

-- CreateEnum
CREATE TYPE "CompetitionTier" AS ENUM ('COUNTY', 'CITY', 'PROVINCE', 'NATIONAL');

-- CreateEnum
CREATE TYPE "CompetitionStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED');

-- CreateEnum
CREATE TYPE "CompetitionOutcome" AS ENUM ('NONE', 'TITLE_ONLY', 'ALREADY_HOLDS', 'PROMOTED', 'BLACKLISTED');

-- CreateTable
CREATE TABLE "BlacklistAppeal" (
    "id" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "lodgedById" UUID NOT NULL,
    "onBehalfOf" TEXT,
    "grounds" TEXT NOT NULL,
    "lodgedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "AppealStatus" NOT NULL DEFAULT 'LODGED',
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,

    CONSTRAINT "BlacklistAppeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Competition" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tier" "CompetitionTier" NOT NULL,
    "year" INTEGER NOT NULL,
    "regionId" UUID NOT NULL,
    "organiserId" UUID NOT NULL,
    "theoryWeight" INTEGER NOT NULL DEFAULT 30,
    "awardRules" JSONB NOT NULL,
    "status" "CompetitionStatus" NOT NULL DEFAULT 'DRAFT',
    "createdById" UUID NOT NULL,
    "submittedById" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "returnedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Competition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompetitionRound" (
    "id" UUID NOT NULL,
    "competitionId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "place" TEXT,

    CONSTRAINT "CompetitionRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompetitionEntry" (
    "id" UUID NOT NULL,
    "competitionId" UUID NOT NULL,
    "caregiverId" UUID NOT NULL,
    "theoryScore" DECIMAL(5,2),
    "practicalScore" DECIMAL(5,2),
    "totalScore" DECIMAL(7,4),
    "rank" INTEGER,
    "outcome" "CompetitionOutcome",
    "awardTitle" TEXT,
    "awardRuleId" TEXT,
    "awardedLevelId" UUID,
    "outcomeNote" TEXT,
    "certificateId" UUID,
    "registeredById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CompetitionEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BlacklistAppeal_entryId_idx" ON "BlacklistAppeal"("entryId");

-- CreateIndex
CREATE INDEX "BlacklistAppeal_status_lodgedAt_idx" ON "BlacklistAppeal"("status", "lodgedAt");

-- CreateIndex
CREATE INDEX "Competition_regionId_year_idx" ON "Competition"("regionId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "CompetitionRound_competitionId_sequence_key" ON "CompetitionRound"("competitionId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "CompetitionEntry_certificateId_key" ON "CompetitionEntry"("certificateId");

-- CreateIndex
CREATE INDEX "CompetitionEntry_caregiverId_idx" ON "CompetitionEntry"("caregiverId");

-- CreateIndex
CREATE UNIQUE INDEX "CompetitionEntry_competitionId_caregiverId_key" ON "CompetitionEntry"("competitionId", "caregiverId");

-- AddForeignKey
ALTER TABLE "BlacklistAppeal" ADD CONSTRAINT "BlacklistAppeal_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "BlacklistEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_organiserId_fkey" FOREIGN KEY ("organiserId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitionRound" ADD CONSTRAINT "CompetitionRound_competitionId_fkey" FOREIGN KEY ("competitionId") REFERENCES "Competition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_competitionId_fkey" FOREIGN KEY ("competitionId") REFERENCES "Competition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_awardedLevelId_fkey" FOREIGN KEY ("awardedLevelId") REFERENCES "SkillLevel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Constraints Prisma cannot express.
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_numbers_check" CHECK ("year" BETWEEN 2000 AND 2100 AND "theoryWeight" BETWEEN 0 AND 100);
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_rules_array_check" CHECK (jsonb_typeof("awardRules") = 'array');
-- Submitted and approved results name who did it; approval only follows a submission.
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_workflow_check" CHECK (
  ("status" = 'DRAFT' OR ("submittedById" IS NOT NULL AND "submittedAt" IS NOT NULL))
  AND (("status" = 'APPROVED') = ("approvedById" IS NOT NULL AND "approvedAt" IS NOT NULL)));
-- Maker-checker: whoever submitted the results may not approve them.
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_maker_checker_check" CHECK ("approvedById" IS NULL OR "approvedById" <> "submittedById");
ALTER TABLE "CompetitionRound" ADD CONSTRAINT "CompetitionRound_sequence_check" CHECK ("sequence" > 0);
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_scores_check" CHECK (
  ("theoryScore" IS NULL OR "theoryScore" BETWEEN 0 AND 100) AND ("practicalScore" IS NULL OR "practicalScore" BETWEEN 0 AND 100)
  AND ("totalScore" IS NULL OR "totalScore" BETWEEN 0 AND 100));
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_rank_check" CHECK ("rank" IS NULL OR "rank" > 0);
-- Only a promotion carries a certificate, and every promotion does.
ALTER TABLE "CompetitionEntry" ADD CONSTRAINT "CompetitionEntry_certificate_check" CHECK (("outcome" IS NOT DISTINCT FROM 'PROMOTED') = ("certificateId" IS NOT NULL));
-- One open appeal per entry; a decided appeal names who decided, when and why.
CREATE UNIQUE INDEX "BlacklistAppeal_open_key" ON "BlacklistAppeal"("entryId") WHERE "status" = 'LODGED';
ALTER TABLE "BlacklistAppeal" ADD CONSTRAINT "BlacklistAppeal_decision_check" CHECK (
  ("status" = 'LODGED') = ("decidedById" IS NULL AND "decidedAt" IS NULL AND "decisionReason" IS NULL));
