-- reverse: create index "webhookdelivery_event_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_event_id`;
-- reverse: create index "webhookdelivery_partner_id_created_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_partner_id_created_at`;
-- reverse: create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_status_next_attempt_at`;
-- reverse: create "webhook_deliveries" table
DROP TABLE `webhook_deliveries`;
-- reverse: create index "webhookattempt_delivery_id" to table: "webhook_attempts"
DROP INDEX `webhookattempt_delivery_id`;
-- reverse: create index "webhookattempt_partner_id_attempted_at" to table: "webhook_attempts"
DROP INDEX `webhookattempt_partner_id_attempted_at`;
-- reverse: create "webhook_attempts" table
DROP TABLE `webhook_attempts`;
-- reverse: add column "webhook_secret_previous_until" to table: "partners"
ALTER TABLE `partners` DROP COLUMN `webhook_secret_previous_until`;
-- reverse: add column "webhook_secret_previous" to table: "partners"
ALTER TABLE `partners` DROP COLUMN `webhook_secret_previous`;
-- reverse: add column "webhook_secret" to table: "partners"
ALTER TABLE `partners` DROP COLUMN `webhook_secret`;
