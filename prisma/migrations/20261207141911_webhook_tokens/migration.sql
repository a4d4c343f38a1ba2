-- DropForeignKey
ALTER TABLE "WebhookEndpoint" DROP CONSTRAINT "WebhookEndpoint_regionId_fkey";

-- AlterTable
ALTER TABLE "NotificationEvent" ADD COLUMN     "userId" UUID;

-- AlterTable
ALTER TABLE "WebhookEndpoint" DROP COLUMN "regionId",
ADD COLUMN     "apiTokenId" TEXT,
ADD COLUMN     "disabledReason" TEXT;

-- CreateIndex
CREATE INDEX "WebhookEndpoint_apiTokenId_idx" ON "WebhookEndpoint"("apiTokenId");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_apiTokenId_fkey" FOREIGN KEY ("apiTokenId") REFERENCES "ApiToken"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
