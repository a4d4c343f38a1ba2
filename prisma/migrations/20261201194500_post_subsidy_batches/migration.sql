-- CreateIndex
CREATE INDEX "MonthlyRoster_jobId_idx" ON "MonthlyRoster"("jobId");

-- AddForeignKey
ALTER TABLE "MonthlyRoster" ADD CONSTRAINT "MonthlyRoster_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BackgroundJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;
