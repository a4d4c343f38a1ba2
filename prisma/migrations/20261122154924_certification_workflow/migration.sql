-- CreateEnum
CREATE TYPE "ExamSessionStatus" AS ENUM ('OPEN', 'PUBLICISED', 'CERTIFIED');

-- CreateEnum
CREATE TYPE "LevelApplicationStatus" AS ENUM ('SUBMITTED', 'SCHEDULED', 'REJECTED', 'WITHDRAWN', 'PASSED', 'FAILED', 'CERTIFIED');

-- CreateTable
CREATE TABLE "ExamSession" (
    "id" UUID NOT NULL,
    "assessorId" UUID NOT NULL,
    "levelId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "seatsTaken" INTEGER NOT NULL DEFAULT 0,
    "feeFen" INTEGER NOT NULL,
    "status" "ExamSessionStatus" NOT NULL DEFAULT 'OPEN',
    "publicationDays" INTEGER NOT NULL DEFAULT 5,
    "publishedAt" TIMESTAMPTZ(3),
    "publicationEndsOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LevelApplication" (
    "id" UUID NOT NULL,
    "caregiverId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "status" "LevelApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "eligibility" JSONB NOT NULL,
    "rejectionReason" TEXT,
    "theoryScore" DECIMAL(5,2),
    "practicalScore" DECIMAL(5,2),
    "reviewScore" DECIMAL(5,2),
    "objection" TEXT,
    "objectionReply" TEXT,
    "objectionOpen" BOOLEAN NOT NULL DEFAULT false,
    "certificateId" UUID,
    "submittedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LevelApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateSerial" (
    "regionCode" CHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "next" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "CertificateSerial_pkey" PRIMARY KEY ("regionCode","year")
);

-- CreateIndex
CREATE INDEX "ExamSession_levelId_startsAt_idx" ON "ExamSession"("levelId", "startsAt");

-- CreateIndex
CREATE INDEX "ExamSession_assessorId_startsAt_idx" ON "ExamSession"("assessorId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "LevelApplication_certificateId_key" ON "LevelApplication"("certificateId");

-- CreateIndex
CREATE INDEX "LevelApplication_sessionId_status_idx" ON "LevelApplication"("sessionId", "status");

-- CreateIndex
CREATE INDEX "LevelApplication_caregiverId_idx" ON "LevelApplication"("caregiverId");

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_assessorId_fkey" FOREIGN KEY ("assessorId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "SkillLevel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LevelApplication" ADD CONSTRAINT "LevelApplication_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LevelApplication" ADD CONSTRAINT "LevelApplication_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LevelApplication" ADD CONSTRAINT "LevelApplication_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Constraints Prisma cannot express.
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_seats_check" CHECK ("capacity" > 0 AND "seatsTaken" >= 0 AND "seatsTaken" <= "capacity");
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_numbers_check" CHECK ("feeFen" >= 0 AND "publicationDays" BETWEEN 1 AND 30);
ALTER TABLE "LevelApplication" ADD CONSTRAINT "LevelApplication_scores_check" CHECK (
  ("theoryScore" IS NULL OR "theoryScore" BETWEEN 0 AND 100) AND ("practicalScore" IS NULL OR "practicalScore" BETWEEN 0 AND 100)
  AND ("reviewScore" IS NULL OR "reviewScore" BETWEEN 0 AND 100));
-- One live application per person and sitting: a second one while the first stands is a duplicate.
CREATE UNIQUE INDEX "LevelApplication_live_key" ON "LevelApplication"("caregiverId", "sessionId") WHERE "status" NOT IN ('REJECTED', 'WITHDRAWN');
ALTER TABLE "CertificateSerial" ADD CONSTRAINT "CertificateSerial_next_check" CHECK ("next" BETWEEN 1 AND 100000000);
