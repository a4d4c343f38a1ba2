-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "AssessorRegistration" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "levelCodes" TEXT[],
    "status" "RegistrationStatus" NOT NULL DEFAULT 'PENDING',
    "note" TEXT,
    "decisionReason" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AssessorRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssessorRegistration_organisationId_key" ON "AssessorRegistration"("organisationId");

-- AddForeignKey
ALTER TABLE "AssessorRegistration" ADD CONSTRAINT "AssessorRegistration_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A decision names who took it and when; a pending registration has neither.
ALTER TABLE "AssessorRegistration" ADD CONSTRAINT "AssessorRegistration_decision_check"
  CHECK (("status" = 'PENDING') = ("decidedAt" IS NULL AND "decidedById" IS NULL));
ALTER TABLE "AssessorRegistration" ADD CONSTRAINT "AssessorRegistration_levels_check" CHECK (cardinality("levelCodes") > 0);
