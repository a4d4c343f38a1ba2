-- AlterTable
ALTER TABLE "BackgroundJob" ADD COLUMN     "errorCode" TEXT,
ADD COLUMN     "errorParams" JSONB;

-- AlterTable
ALTER TABLE "BlacklistEntry" ADD COLUMN     "evidence" TEXT;
