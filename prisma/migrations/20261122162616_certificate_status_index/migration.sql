-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "statusIndex" SERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_statusIndex_key" ON "Certificate"("statusIndex");
