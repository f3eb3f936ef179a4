-- reverse: create index "webhookdelivery_channel_id_created_at" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_channel_id_created_at";
-- reverse: modify "webhook_deliveries" table
ALTER TABLE "webhook_deliveries" DROP COLUMN "channel_id";
-- reverse: modify "webhook_attempts" table
ALTER TABLE "webhook_attempts" DROP COLUMN "channel_id";
