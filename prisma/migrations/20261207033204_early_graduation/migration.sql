-- AlterTable
ALTER TABLE "DirectedStudent" ADD COLUMN     "earlyGraduationReason" TEXT;
