-- reverse: create index "webhookdelivery_channel_id_created_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_channel_id_created_at`;
-- reverse: create index "webhookdelivery_event_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_event_id`;
-- reverse: create index "webhookdelivery_partner_id_created_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_partner_id_created_at`;
-- reverse: create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_status_next_attempt_at`;
-- reverse: create "new_webhook_deliveries" table
DROP TABLE `new_webhook_deliveries`;
-- reverse: add column "channel_id" to table: "webhook_attempts"
ALTER TABLE `webhook_attempts` DROP COLUMN `channel_id`;
