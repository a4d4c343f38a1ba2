-- CreateEnum
CREATE TYPE "CourseStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DirectedStudentStatus" AS ENUM ('ENROLLED', 'GRADUATED', 'PLACED', 'SERVING', 'FULFILLED', 'BREACHED');

-- CreateEnum
CREATE TYPE "BreachKind" AS ENUM ('DROPPED_OUT', 'REFUSED_PLACEMENT', 'LEFT_SERVICE');

-- CreateEnum
CREATE TYPE "RepaymentStatus" AS ENUM ('DUE', 'REPAID', 'CREDIT_RECORDED');

-- CreateEnum
CREATE TYPE "RosterImportKind" AS ENUM ('STUDENTS', 'ATTENDANCE');

-- AlterEnum (APPLIED goes: an application is decided at once, a seat or a waitlist place)
ALTER TABLE "Enrolment" DROP CONSTRAINT "Enrolment_completion_check";
BEGIN;
CREATE TYPE "EnrolmentStatus_new" AS ENUM ('ENROLLED', 'WAITLISTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'WITHDRAWN');
ALTER TABLE "public"."Enrolment" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Enrolment" ALTER COLUMN "status" TYPE "EnrolmentStatus_new" USING ("status"::text::"EnrolmentStatus_new");
ALTER TYPE "EnrolmentStatus" RENAME TO "EnrolmentStatus_old";
ALTER TYPE "EnrolmentStatus_new" RENAME TO "EnrolmentStatus";
DROP TYPE "public"."EnrolmentStatus_old";
COMMIT;
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_completion_check" CHECK (("status" = 'COMPLETED') = ("completedOn" IS NOT NULL));

-- DropIndex
DROP INDEX "Course_providerId_idx";

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "code" TEXT NOT NULL,
ADD COLUMN     "description" TEXT,
ADD COLUMN     "passMark" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "place" TEXT NOT NULL,
ADD COLUMN     "publishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "seatsTaken" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "status" "CourseStatus" NOT NULL DEFAULT 'DRAFT';

-- AlterTable
ALTER TABLE "Enrolment" ADD COLUMN     "attendedHours" DECIMAL(6,1) NOT NULL DEFAULT 0,
ADD COLUMN     "enrolledAt" TIMESTAMPTZ(3),
ADD COLUMN     "fundedYear" INTEGER,
ADD COLUMN     "outcomeNote" TEXT,
ADD COLUMN     "queueNo" BIGSERIAL NOT NULL,
ADD COLUMN     "score" DECIMAL(5,2),
ADD COLUMN     "withdrawnAt" TIMESTAMPTZ(3),
ALTER COLUMN "status" DROP DEFAULT;

-- CreateTable
CREATE TABLE "CourseSession" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT NOT NULL,
    "hours" DECIMAL(4,1) NOT NULL,

    CONSTRAINT "CourseSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" UUID NOT NULL,
    "enrolmentId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "hours" DECIMAL(4,1) NOT NULL,
    "recordedById" UUID,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectedClass" (
    "id" UUID NOT NULL,
    "collegeId" UUID NOT NULL,
    "cohortYear" INTEGER NOT NULL,
    "major" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "quota" INTEGER NOT NULL,
    "studentCount" INTEGER NOT NULL DEFAULT 0,
    "sponsorRegionId" UUID NOT NULL,
    "sponsorName" TEXT NOT NULL,
    "serviceYears" INTEGER NOT NULL DEFAULT 5,
    "programmeYears" INTEGER NOT NULL DEFAULT 3,
    "tuitionFenPerYear" INTEGER NOT NULL,
    "lodgingFenPerYear" INTEGER NOT NULL,
    "allowanceFenPerYear" INTEGER NOT NULL,
    "penaltyPercent" INTEGER NOT NULL DEFAULT 50,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DirectedClass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectedStudent" (
    "id" UUID NOT NULL,
    "classId" UUID NOT NULL,
    "caregiverId" UUID NOT NULL,
    "studentNo" TEXT NOT NULL,
    "status" "DirectedStudentStatus" NOT NULL DEFAULT 'ENROLLED',
    "enrolledOn" DATE NOT NULL,
    "agreementNo" TEXT,
    "agreementSignedOn" DATE,
    "graduatedOn" DATE,
    "placementId" UUID,
    "servedMonths" INTEGER NOT NULL DEFAULT 0,
    "serviceCountedAt" TIMESTAMPTZ(3),
    "fulfilledOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DirectedStudent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectedBreach" (
    "id" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "kind" "BreachKind" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "note" TEXT NOT NULL,
    "supportReceivedFen" INTEGER NOT NULL,
    "penaltyPercent" INTEGER NOT NULL,
    "amountDueFen" INTEGER NOT NULL,
    "repaidFen" INTEGER NOT NULL DEFAULT 0,
    "status" "RepaymentStatus" NOT NULL DEFAULT 'DUE',
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DirectedBreach_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Repayment" (
    "id" UUID NOT NULL,
    "breachId" UUID NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "paidOn" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Repayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterImport" (
    "id" UUID NOT NULL,
    "kind" "RosterImportKind" NOT NULL,
    "organisationId" UUID NOT NULL,
    "classId" UUID,
    "fileName" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "contentCipher" BYTEA,
    "jobId" UUID,
    "createdById" UUID NOT NULL,
    "rows" INTEGER,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejectedRows" JSONB,
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RosterImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CourseSession_courseId_seq_key" ON "CourseSession"("courseId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_enrolmentId_sessionId_key" ON "Attendance"("enrolmentId", "sessionId");

-- CreateIndex
CREATE INDEX "DirectedClass_sponsorRegionId_idx" ON "DirectedClass"("sponsorRegionId");

-- CreateIndex
CREATE UNIQUE INDEX "DirectedClass_collegeId_cohortYear_major_key" ON "DirectedClass"("collegeId", "cohortYear", "major");

-- CreateIndex
CREATE UNIQUE INDEX "DirectedStudent_agreementNo_key" ON "DirectedStudent"("agreementNo");

-- CreateIndex
CREATE UNIQUE INDEX "DirectedStudent_placementId_key" ON "DirectedStudent"("placementId");

-- CreateIndex
CREATE INDEX "DirectedStudent_caregiverId_idx" ON "DirectedStudent"("caregiverId");

-- CreateIndex
CREATE UNIQUE INDEX "DirectedStudent_classId_caregiverId_key" ON "DirectedStudent"("classId", "caregiverId");

-- CreateIndex
CREATE UNIQUE INDEX "DirectedStudent_classId_studentNo_key" ON "DirectedStudent"("classId", "studentNo");

-- CreateIndex
CREATE UNIQUE INDEX "DirectedBreach_studentId_key" ON "DirectedBreach"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "Repayment_breachId_reference_key" ON "Repayment"("breachId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "RosterImport_jobId_key" ON "RosterImport"("jobId");

-- CreateIndex
CREATE INDEX "RosterImport_organisationId_createdAt_idx" ON "RosterImport"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "Course_status_startsOn_idx" ON "Course"("status", "startsOn");

-- CreateIndex
CREATE UNIQUE INDEX "Course_providerId_code_key" ON "Course"("providerId", "code");

-- CreateIndex
CREATE INDEX "Enrolment_courseId_status_queueNo_idx" ON "Enrolment"("courseId", "status", "queueNo");

-- AddForeignKey
ALTER TABLE "CourseSession" ADD CONSTRAINT "CourseSession_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "CourseSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectedClass" ADD CONSTRAINT "DirectedClass_collegeId_fkey" FOREIGN KEY ("collegeId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectedClass" ADD CONSTRAINT "DirectedClass_sponsorRegionId_fkey" FOREIGN KEY ("sponsorRegionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectedStudent" ADD CONSTRAINT "DirectedStudent_classId_fkey" FOREIGN KEY ("classId") REFERENCES "DirectedClass"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectedStudent" ADD CONSTRAINT "DirectedStudent_caregiverId_fkey" FOREIGN KEY ("caregiverId") REFERENCES "Caregiver"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectedStudent" ADD CONSTRAINT "DirectedStudent_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Employment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectedBreach" ADD CONSTRAINT "DirectedBreach_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "DirectedStudent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Repayment" ADD CONSTRAINT "Repayment_breachId_fkey" FOREIGN KEY ("breachId") REFERENCES "DirectedBreach"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterImport" ADD CONSTRAINT "RosterImport_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterImport" ADD CONSTRAINT "RosterImport_classId_fkey" FOREIGN KEY ("classId") REFERENCES "DirectedClass"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database enforces whatever the code does.
ALTER TABLE "Course" ADD CONSTRAINT "Course_seats_check" CHECK ("capacity" > 0 AND "seatsTaken" >= 0 AND "seatsTaken" <= "capacity");
ALTER TABLE "Course" ADD CONSTRAINT "Course_figures_check" CHECK ("requiredHours" > 0 AND "passMark" BETWEEN 0 AND 100 AND "feeFen" >= 0 AND "endsOn" >= "startsOn");
ALTER TABLE "CourseSession" ADD CONSTRAINT "CourseSession_times_check" CHECK ("endsAt" > "startsAt" AND "hours" > 0 AND "seq" > 0);
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_hours_check" CHECK ("hours" >= 0);
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_score_check" CHECK ("score" IS NULL OR "score" BETWEEN 0 AND 100);
-- One government-funded training a year per person, however many requests arrive at once.
CREATE UNIQUE INDEX "Enrolment_funded_year_key" ON "Enrolment"("caregiverId", "fundedYear") WHERE "fundedYear" IS NOT NULL AND "status" <> 'WITHDRAWN';
ALTER TABLE "DirectedClass" ADD CONSTRAINT "DirectedClass_quota_check" CHECK ("quota" > 0 AND "studentCount" >= 0 AND "studentCount" <= "quota");
ALTER TABLE "DirectedClass" ADD CONSTRAINT "DirectedClass_terms_check" CHECK ("serviceYears" >= 0 AND "programmeYears" > 0 AND "penaltyPercent" BETWEEN 0 AND 200 AND "tuitionFenPerYear" >= 0 AND "lodgingFenPerYear" >= 0 AND "allowanceFenPerYear" >= 0);
-- A person holds one active directed-training agreement.
CREATE UNIQUE INDEX "DirectedStudent_one_active_key" ON "DirectedStudent"("caregiverId") WHERE "status" IN ('ENROLLED', 'GRADUATED', 'PLACED', 'SERVING');
ALTER TABLE "DirectedBreach" ADD CONSTRAINT "DirectedBreach_amounts_check" CHECK ("supportReceivedFen" >= 0 AND "amountDueFen" >= 0 AND "repaidFen" >= 0 AND "repaidFen" <= "amountDueFen");
ALTER TABLE "Repayment" ADD CONSTRAINT "Repayment_amount_check" CHECK ("amountFen" > 0);
