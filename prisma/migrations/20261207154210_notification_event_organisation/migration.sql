-- AlterTable
ALTER TABLE "NotificationEvent" ADD COLUMN     "organisationId" UUID;

-- Endpoints registered before they were bound to an API token receive nothing any more: say so, rather
-- than leave them looking enabled.
UPDATE "WebhookEndpoint" SET "disabledAt" = now(), "disabledReason" = 'NO_TOKEN' WHERE "apiTokenId" IS NULL AND "disabledAt" IS NULL;
