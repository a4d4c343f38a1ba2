-- AlterTable
ALTER TABLE "Enrolment" ADD COLUMN     "heldBackReason" TEXT;

-- A waitlist place no longer holds the year's government-funded training.
UPDATE "Enrolment" SET "fundedYear" = NULL WHERE status = 'WAITLISTED';
