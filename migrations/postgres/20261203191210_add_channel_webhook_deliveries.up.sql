-- modify "webhook_attempts" table
ALTER TABLE "webhook_attempts" ADD COLUMN "channel_id" character varying NULL;
-- modify "webhook_deliveries" table
ALTER TABLE "webhook_deliveries" ADD COLUMN "channel_id" character varying NULL;
-- create index "webhookdelivery_channel_id_created_at" to table: "webhook_deliveries"
CREATE INDEX "webhookdelivery_channel_id_created_at" ON "webhook_deliveries" ("channel_id", "created_at");
