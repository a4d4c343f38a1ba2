-- CreateEnum
CREATE TYPE "AssessmentKind" AS ENUM ('EMPLOYER', 'SOCIAL');

-- AlterTable
ALTER TABLE "AssessorRegistration" ADD COLUMN     "assessmentKind" "AssessmentKind",
ADD COLUMN     "bodyCode" CHAR(4),
ADD COLUMN     "provinceCode" CHAR(2),
ADD COLUMN     "siteCode" CHAR(6);

-- Certificates already issued keep their numbers (the earlier 18-character RRRRRR YY G NNNNNNNN C form)
-- and are found by the same exact look-up. The per-region counters go: new numbers count per site,
-- year and level, in "CertificateSequence".
DROP TABLE "CertificateSerial";

-- CreateTable
CREATE TABLE "CertificateSequence" (
    "prefix" CHAR(13) NOT NULL,
    "year" INTEGER NOT NULL,
    "grade" INTEGER NOT NULL,
    "next" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "CertificateSequence_pkey" PRIMARY KEY ("prefix","year","grade")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssessorRegistration_bodyCode_provinceCode_siteCode_key" ON "AssessorRegistration"("bodyCode", "provinceCode", "siteCode");

-- The codes come all together, digits only.
ALTER TABLE "AssessorRegistration" ADD CONSTRAINT "AssessorRegistration_codes_check" CHECK (
  ("assessmentKind" IS NULL AND "bodyCode" IS NULL AND "provinceCode" IS NULL AND "siteCode" IS NULL)
  OR ("assessmentKind" IS NOT NULL AND "bodyCode" ~ '^[0-9]{4}$' AND "provinceCode" ~ '^[0-9]{2}$' AND "siteCode" ~ '^[0-9]{6}$')
);
