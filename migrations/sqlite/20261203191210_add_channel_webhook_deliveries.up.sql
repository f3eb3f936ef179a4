-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- add column "channel_id" to table: "webhook_attempts"
ALTER TABLE `webhook_attempts` ADD COLUMN `channel_id` text NULL;
-- create "new_webhook_deliveries" table
CREATE TABLE `new_webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` integer NOT NULL, `event_uid` text NOT NULL, `event` text NOT NULL, `partner_id` text NOT NULL, `channel_id` text NULL, `status` text NOT NULL DEFAULT ('pending'), `attempts` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `window_started_at` datetime NOT NULL, `next_attempt_at` datetime NOT NULL, `locked_until` datetime NULL, `lease_owner` text NULL, `last_status_code` integer NULL, `last_error` text NOT NULL DEFAULT (''), `delivered_at` datetime NULL, `failed_at` datetime NULL);
-- copy rows from old table "webhook_deliveries" to new temporary table "new_webhook_deliveries"
INSERT INTO `new_webhook_deliveries` (`id`, `event_id`, `event_uid`, `event`, `partner_id`, `status`, `attempts`, `created_at`, `window_started_at`, `next_attempt_at`, `locked_until`, `lease_owner`, `last_status_code`, `last_error`, `delivered_at`, `failed_at`) SELECT `id`, `event_id`, `event_uid`, `event`, `partner_id`, `status`, `attempts`, `created_at`, `window_started_at`, `next_attempt_at`, `locked_until`, `lease_owner`, `last_status_code`, `last_error`, `delivered_at`, `failed_at` FROM `webhook_deliveries`;
-- drop "webhook_deliveries" table after copying rows
DROP TABLE `webhook_deliveries`;
-- rename temporary table "new_webhook_deliveries" to "webhook_deliveries"
ALTER TABLE `new_webhook_deliveries` RENAME TO `webhook_deliveries`;
-- create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
-- create index "webhookdelivery_partner_id_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_partner_id_created_at` ON `webhook_deliveries` (`partner_id`, `created_at`);
-- create index "webhookdelivery_event_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_event_id` ON `webhook_deliveries` (`event_id`);
-- create index "webhookdelivery_channel_id_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_channel_id_created_at` ON `webhook_deliveries` (`channel_id`, `created_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
