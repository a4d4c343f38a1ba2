-- AlterEnum
ALTER TYPE "InstalmentStatus" ADD VALUE 'SUSPENDED';

-- AlterTable
ALTER TABLE "Instalment" ADD COLUMN     "reason" TEXT,
ADD COLUMN     "suspendedUntil" DATE;
