-- CreateEnum
CREATE TYPE "SubsidyKind" AS ENUM ('ONBOARDING_AWARD', 'POST_SUBSIDY', 'SKILLS_UPGRADE', 'CERTIFICATION', 'TRAINING', 'COMPETITION_AWARD');

-- CreateEnum
CREATE TYPE "FundKind" AS ENUM ('WELFARE_LOTTERY', 'SPECIAL_FUND', 'EMPLOYMENT_FUND');

-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'REVIEWED', 'PUBLICISED', 'APPROVED', 'PAID', 'REJECTED', 'WITHDRAWN', 'REVOKED');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('CONTRACT', 'DIPLOMA', 'INSURANCE_RECORD', 'OTHER');

-- CreateEnum
CREATE TYPE "InstalmentStatus" AS ENUM ('SCHEDULED', 'PAYABLE', 'IN_BATCH', 'PAID', 'FORFEITED');

-- CreateEnum
CREATE TYPE "PaymentBatchStatus" AS ENUM ('SENT', 'RECONCILED');

-- CreateEnum
CREATE TYPE "PaymentLineStatus" AS ENUM ('PENDING', 'PAID', 'FAILED');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "regionId" UUID;

-- AlterTable
ALTER TABLE "Caregiver" ADD COLUMN     "bankAccountCipher" BYTEA,
ADD COLUMN     "bankAccountMasked" TEXT,
ADD COLUMN     "bankName" TEXT;

-- AlterTable
ALTER TABLE "Employment" ADD COLUMN     "contractEndsOn" DATE;

-- AlterTable
ALTER TABLE "EmploymentMonth" ADD COLUMN     "liabilityIncident" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "subsidyExclusion" JSONB;

-- CreateTable
CREATE TABLE "FundSource" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FundKind" NOT NULL,
    "regionId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FundSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundEnvelope" (
    "id" UUID NOT NULL,
    "fundSourceId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "committedFen" BIGINT NOT NULL DEFAULT 0,
    "paidFen" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FundEnvelope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyPolicy" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" "SubsidyKind" NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "regionId" UUID NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "effectiveTo" DATE,
    "amounts" JSONB NOT NULL,
    "rules" JSONB NOT NULL,
    "instalments" JSONB,
    "publicationDays" INTEGER NOT NULL DEFAULT 0,
    "reviewRole" "Role" NOT NULL DEFAULT 'HR_REVIEWER',
    "approveRole" "Role" NOT NULL DEFAULT 'HR_APPROVER',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubsidyPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyPolicyFund" (
    "policyId" UUID NOT NULL,
    "fundSourceId" UUID NOT NULL,
    "priority" INTEGER NOT NULL,

    CONSTRAINT "SubsidyPolicyFund_pkey" PRIMARY KEY ("policyId","fundSourceId")
);

-- CreateTable
CREATE TABLE "MonthlyRoster" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedById" UUID NOT NULL,
    "jobId" UUID,

    CONSTRAINT "MonthlyRoster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyClaim" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "policyId" UUID NOT NULL,
    "kind" "SubsidyKind" NOT NULL,
    "caregiverId" UUID NOT NULL,
    "employmentId" UUID,
    "regionId" UUID NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "facts" JSONB NOT NULL DEFAULT '{}',
    "status" "ClaimStatus" NOT NULL DEFAULT 'DRAFT',
    "amountFen" INTEGER NOT NULL,
    "eligibility" JSONB NOT NULL,
    "submittedById" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMPTZ(3),
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "publicationEndsOn" DATE,
    "rejectedReason" TEXT,
    "envelopeId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SubsidyClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClaimEvidence" (
    "id" UUID NOT NULL,
    "claimId" UUID NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instalment" (
    "id" UUID NOT NULL,
    "claimId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "sharePercent" INTEGER NOT NULL,
    "afterYears" INTEGER NOT NULL,
    "dueOn" DATE NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "status" "InstalmentStatus" NOT NULL DEFAULT 'SCHEDULED',
    "check" JSONB,
    "checkedAt" TIMESTAMPTZ(3),
    "paidAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Instalment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyRecovery" (
    "id" UUID NOT NULL,
    "claimId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "recoveredFen" INTEGER NOT NULL DEFAULT 0,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMPTZ(3),

    CONSTRAINT "SubsidyRecovery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentBatch" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "regionId" UUID NOT NULL,
    "status" "PaymentBatchStatus" NOT NULL DEFAULT 'SENT',
    "idempotencyKey" TEXT NOT NULL,
    "lineCount" INTEGER NOT NULL,
    "totalFen" BIGINT NOT NULL,
    "paidFen" BIGINT NOT NULL DEFAULT 0,
    "failedFen" BIGINT NOT NULL DEFAULT 0,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reconciledAt" TIMESTAMPTZ(3),

    CONSTRAINT "PaymentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentLine" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "instalmentId" UUID NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "status" "PaymentLineStatus" NOT NULL DEFAULT 'PENDING',
    "failureReason" TEXT,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "PaymentLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankReturnFile" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "fileName" TEXT NOT NULL,
    "paidLines" INTEGER NOT NULL,
    "failedLines" INTEGER NOT NULL,
    "importedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankReturnFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FundSource_code_key" ON "FundSource"("code");

-- CreateIndex
CREATE UNIQUE INDEX "FundEnvelope_fundSourceId_year_key" ON "FundEnvelope"("fundSourceId", "year");

-- CreateIndex
CREATE INDEX "SubsidyPolicy_kind_regionId_effectiveFrom_idx" ON "SubsidyPolicy"("kind", "regionId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyPolicy_code_version_key" ON "SubsidyPolicy"("code", "version");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyRoster_institutionId_month_key" ON "MonthlyRoster"("institutionId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyClaim_reference_key" ON "SubsidyClaim"("reference");

-- CreateIndex
CREATE INDEX "SubsidyClaim_regionId_status_kind_idx" ON "SubsidyClaim"("regionId", "status", "kind");

-- CreateIndex
CREATE INDEX "SubsidyClaim_status_idx" ON "SubsidyClaim"("status");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyClaim_caregiverId_kind_subjectKey_key" ON "SubsidyClaim"("caregiverId", "kind", "subjectKey");

-- CreateIndex
CREATE UNIQUE INDEX "ClaimEvidence_claimId_sha256_key" ON "ClaimEvidence"("claimId", "sha256");

-- CreateIndex
CREATE INDEX "Instalment_status_dueOn_idx" ON "Instalment"("status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "Instalment_claimId_seq_key" ON "Instalment"("claimId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyRecovery_claimId_key" ON "SubsidyRecovery"("claimId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentBatch_reference_key" ON "PaymentBatch"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentBatch_idempotencyKey_key" ON "PaymentBatch"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PaymentLine_instalmentId_idx" ON "PaymentLine"("instalmentId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentLine_batchId_lineNo_key" ON "PaymentLine"("batchId", "lineNo");

-- CreateIndex
CREATE UNIQUE INDEX "BankReturnFile_batchId_sha256_key" ON "BankReturnFile"("batchId", "sha256");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundSource" ADD CONSTRAINT "FundSource_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundEnvelope" ADD CONSTRAINT "FundEnvelope_fundSourceId_fkey" FOREIGN KEY ("fundSourceId") REFERENCES "FundSource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyPolicy" ADD CONSTRAINT "SubsidyPolicy_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyPolicyFund" ADD CONSTRAINT "SubsidyPolicyFund_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "SubsidyPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyPolicyFund" ADD CONSTRAINT "SubsidyPolicyFund_fundSourceId_fkey" FOREIGN KEY ("fundSourceId") REFERENCES "FundSource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthlyRoster" ADD CONSTRAINT "MonthlyRoster_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "SubsidyPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_employmentId_fkey" FOREIGN KEY ("employmentId") REFERENCES "Employment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_envelopeId_fkey" FOREIGN KEY ("envelopeId") REFERENCES "FundEnvelope"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimEvidence" ADD CONSTRAINT "ClaimEvidence_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SubsidyClaim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instalment" ADD CONSTRAINT "Instalment_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SubsidyClaim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyRecovery" ADD CONSTRAINT "SubsidyRecovery_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "SubsidyClaim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentBatch" ADD CONSTRAINT "PaymentBatch_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentLine" ADD CONSTRAINT "PaymentLine_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PaymentBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentLine" ADD CONSTRAINT "PaymentLine_instalmentId_fkey" FOREIGN KEY ("instalmentId") REFERENCES "Instalment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankReturnFile" ADD CONSTRAINT "BankReturnFile_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PaymentBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database enforces whatever the code does.
-- Maker-checker: the approver is never the reviewer nor the person who submitted the claim.
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_maker_checker_check" CHECK (
  "approvedById" IS NULL OR (("reviewedById" IS NULL OR "approvedById" <> "reviewedById") AND ("submittedById" IS NULL OR "approvedById" <> "submittedById"))
);
-- Approval needs a review first.
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_review_before_approval_check" CHECK ("approvedById" IS NULL OR "reviewedById" IS NOT NULL);
ALTER TABLE "SubsidyClaim" ADD CONSTRAINT "SubsidyClaim_amount_check" CHECK ("amountFen" >= 0);
ALTER TABLE "FundEnvelope" ADD CONSTRAINT "FundEnvelope_amounts_check" CHECK ("amountFen" >= 0 AND "committedFen" >= 0 AND "paidFen" >= 0 AND "committedFen" <= "amountFen" AND "paidFen" <= "committedFen");
ALTER TABLE "Instalment" ADD CONSTRAINT "Instalment_amount_check" CHECK ("amountFen" >= 0 AND "sharePercent" BETWEEN 1 AND 100 AND "afterYears" >= 0);
ALTER TABLE "PaymentLine" ADD CONSTRAINT "PaymentLine_amount_check" CHECK ("amountFen" > 0);
ALTER TABLE "SubsidyRecovery" ADD CONSTRAINT "SubsidyRecovery_amount_check" CHECK ("recoveredFen" >= 0 AND "recoveredFen" <= "amountFen");
ALTER TABLE "PaymentBatch" ADD CONSTRAINT "PaymentBatch_totals_check" CHECK ("paidFen" + "failedFen" <= "totalFen");
ALTER TABLE "SubsidyPolicy" ADD CONSTRAINT "SubsidyPolicy_dates_check" CHECK ("effectiveTo" IS NULL OR "effectiveTo" >= "effectiveFrom");
-- An instalment is paid at most once: at most one line that has not failed.
CREATE UNIQUE INDEX "PaymentLine_live_instalment_key" ON "PaymentLine"("instalmentId") WHERE "status" <> 'FAILED';
ALTER TABLE "MonthlyRoster" ADD CONSTRAINT "MonthlyRoster_first_of_month" CHECK (EXTRACT(DAY FROM "month") = 1);
-- Human references for claims (BT-2026-00000001) and payment batches (PB-2026-0001); gaps are harmless.
CREATE SEQUENCE "subsidy_claim_reference_seq";
CREATE SEQUENCE "payment_batch_reference_seq";
