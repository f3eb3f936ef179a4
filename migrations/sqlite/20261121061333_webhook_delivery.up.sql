-- add column "webhook_secret" to table: "partners"
ALTER TABLE `partners` ADD COLUMN `webhook_secret` text NULL;
-- add column "webhook_secret_previous" to table: "partners"
ALTER TABLE `partners` ADD COLUMN `webhook_secret_previous` text NULL;
-- add column "webhook_secret_previous_until" to table: "partners"
ALTER TABLE `partners` ADD COLUMN `webhook_secret_previous_until` datetime NULL;
-- create "webhook_attempts" table
CREATE TABLE `webhook_attempts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `delivery_id` integer NOT NULL, `event_uid` text NOT NULL, `event` text NOT NULL, `partner_id` text NOT NULL, `url` text NOT NULL, `attempted_at` datetime NOT NULL, `status_code` integer NULL, `latency_ms` integer NOT NULL, `error` text NOT NULL DEFAULT (''), `response` text NOT NULL DEFAULT (''), `test` bool NOT NULL DEFAULT (false));
-- create index "webhookattempt_partner_id_attempted_at" to table: "webhook_attempts"
CREATE INDEX `webhookattempt_partner_id_attempted_at` ON `webhook_attempts` (`partner_id`, `attempted_at`);
-- create index "webhookattempt_delivery_id" to table: "webhook_attempts"
CREATE INDEX `webhookattempt_delivery_id` ON `webhook_attempts` (`delivery_id`);
-- create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` integer NOT NULL, `event_uid` text NOT NULL, `event` text NOT NULL, `partner_id` text NOT NULL, `status` text NOT NULL DEFAULT ('pending'), `attempts` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `window_started_at` datetime NOT NULL, `next_attempt_at` datetime NOT NULL, `locked_until` datetime NULL, `lease_owner` text NULL, `last_status_code` integer NULL, `last_error` text NOT NULL DEFAULT (''), `delivered_at` datetime NULL, `failed_at` datetime NULL);
-- create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
-- create index "webhookdelivery_partner_id_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_partner_id_created_at` ON `webhook_deliveries` (`partner_id`, `created_at`);
-- create index "webhookdelivery_event_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_event_id` ON `webhook_deliveries` (`event_id`);
