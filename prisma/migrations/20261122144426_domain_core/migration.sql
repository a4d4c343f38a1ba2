-- CreateEnum
CREATE TYPE "CertificateStatus" AS ENUM ('VALID', 'REVOKED');

-- CreateEnum
CREATE TYPE "CertificateSource" AS ENUM ('EXAM', 'COMPETITION', 'IMPORT');

-- CreateEnum
CREATE TYPE "CourseKind" AS ENUM ('PRE_JOB', 'SKILL_UPGRADE', 'FAMILY_CARER', 'FIRST_AID', 'DIRECTOR');

-- CreateEnum
CREATE TYPE "EnrolmentStatus" AS ENUM ('APPLIED', 'ENROLLED', 'WAITLISTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "SkillLevel" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "grade" INTEGER,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "requiresReview" BOOLEAN NOT NULL DEFAULT false,
    "entryRules" JSONB NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkillLevel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "caregiverId" UUID NOT NULL,
    "levelId" UUID NOT NULL,
    "issuerId" UUID NOT NULL,
    "issuedOn" DATE NOT NULL,
    "expiresOn" DATE,
    "status" "CertificateStatus" NOT NULL DEFAULT 'VALID',
    "source" "CertificateSource" NOT NULL,
    "examFeeFen" INTEGER,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" TEXT,
    "revokedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FirstAidCertificate" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "caregiverId" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "issuedOn" DATE NOT NULL,
    "expiresOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FirstAidCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlacklistEntry" (
    "id" UUID NOT NULL,
    "caregiverId" UUID,
    "organisationId" UUID,
    "reason" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "issuerRegionId" UUID NOT NULL,
    "liftedAt" TIMESTAMPTZ(3),
    "liftedReason" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlacklistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" UUID NOT NULL,
    "providerId" UUID NOT NULL,
    "regionId" UUID NOT NULL,
    "kind" "CourseKind" NOT NULL,
    "title" TEXT NOT NULL,
    "targetLevelId" UUID,
    "requiredHours" INTEGER NOT NULL,
    "capacity" INTEGER NOT NULL,
    "feeFen" INTEGER NOT NULL,
    "governmentFunded" BOOLEAN NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrolment" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "caregiverId" UUID NOT NULL,
    "status" "EnrolmentStatus" NOT NULL DEFAULT 'APPLIED',
    "completedOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SkillLevel_code_key" ON "SkillLevel"("code");

-- CreateIndex
CREATE UNIQUE INDEX "SkillLevel_rank_key" ON "SkillLevel"("rank");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_number_key" ON "Certificate"("number");

-- CreateIndex
CREATE INDEX "Certificate_caregiverId_status_idx" ON "Certificate"("caregiverId", "status");

-- CreateIndex
CREATE INDEX "Certificate_levelId_idx" ON "Certificate"("levelId");

-- CreateIndex
CREATE UNIQUE INDEX "FirstAidCertificate_number_key" ON "FirstAidCertificate"("number");

-- CreateIndex
CREATE INDEX "FirstAidCertificate_caregiverId_expiresOn_idx" ON "FirstAidCertificate"("caregiverId", "expiresOn");

-- CreateIndex
CREATE INDEX "BlacklistEntry_caregiverId_idx" ON "BlacklistEntry"("caregiverId");

-- CreateIndex
CREATE INDEX "BlacklistEntry_organisationId_idx" ON "BlacklistEntry"("organisationId");

-- CreateIndex
CREATE INDEX "Course_regionId_kind_startsOn_idx" ON "Course"("regionId", "kind", "startsOn");

-- CreateIndex
CREATE INDEX "Course_providerId_idx" ON "Course"("providerId");

-- CreateIndex
CREATE INDEX "Enrolment_caregiverId_status_idx" ON "Enrolment"("caregiverId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Enrolment_courseId_caregiverId_key" ON "Enrolment"("courseId", "caregiverId");

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "SkillLevel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_issuerId_fkey" FOREIGN KEY ("issuerId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FirstAidCertificate" ADD CONSTRAINT "FirstAidCertificate_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlacklistEntry" ADD CONSTRAINT "BlacklistEntry_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlacklistEntry" ADD CONSTRAINT "BlacklistEntry_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlacklistEntry" ADD CONSTRAINT "BlacklistEntry_issuerRegionId_fkey" FOREIGN KEY ("issuerRegionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_targetLevelId_fkey" FOREIGN KEY ("targetLevelId") REFERENCES "SkillLevel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Constraints Prisma cannot express.
ALTER TABLE "SkillLevel" ADD CONSTRAINT "SkillLevel_grade_check" CHECK ("grade" IS NULL OR "grade" BETWEEN 1 AND 5);
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_revocation_check"
  CHECK (("status" = 'REVOKED') = ("revokedAt" IS NOT NULL AND "revokedReason" IS NOT NULL));
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_examFee_check" CHECK ("examFeeFen" IS NULL OR "examFeeFen" >= 0);
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_expiry_check" CHECK ("expiresOn" IS NULL OR "expiresOn" > "issuedOn");
ALTER TABLE "FirstAidCertificate" ADD CONSTRAINT "FirstAidCertificate_expiry_check" CHECK ("expiresOn" > "issuedOn");
ALTER TABLE "BlacklistEntry" ADD CONSTRAINT "BlacklistEntry_subject_check" CHECK (num_nonnulls("caregiverId", "organisationId") = 1);
ALTER TABLE "BlacklistEntry" ADD CONSTRAINT "BlacklistEntry_period_check" CHECK ("endsOn" IS NULL OR "endsOn" >= "startsOn");
ALTER TABLE "Course" ADD CONSTRAINT "Course_numbers_check"
  CHECK ("requiredHours" > 0 AND "capacity" > 0 AND "feeFen" >= 0 AND "endsOn" >= "startsOn");
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_completion_check" CHECK (("status" = 'COMPLETED') = ("completedOn" IS NOT NULL));
