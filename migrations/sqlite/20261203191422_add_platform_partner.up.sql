-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_partners" table
CREATE TABLE `new_partners` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `brand_name` text NOT NULL, `logo_url` text NULL, `country` text NOT NULL DEFAULT (''), `webhook_url` text NULL, `partner_redirect_url` text NULL, `allow_client_to_add_phone_no` bool NOT NULL DEFAULT (true), `auto_approve` bool NOT NULL DEFAULT (false), `pcr_execution` text NOT NULL DEFAULT ('immediate'), `default_storage_region` text NULL, `billing_model` text NOT NULL DEFAULT ('partner_payment'), `billing_system` text NOT NULL DEFAULT ('default'), `partner_plan` text NOT NULL DEFAULT ('sandbox'), `partner_tier` text NOT NULL DEFAULT ('none'), `status` text NOT NULL DEFAULT ('active'), `is_platform` bool NOT NULL DEFAULT (false), `solution_id` text NULL, `settings` json NULL, `webhook_secret` text NULL, `webhook_secret_previous` text NULL, `webhook_secret_previous_until` datetime NULL, PRIMARY KEY (`id`));
-- copy rows from old table "partners" to new temporary table "new_partners"
INSERT INTO `new_partners` (`id`, `created_at`, `modified_at`, `brand_name`, `logo_url`, `country`, `webhook_url`, `partner_redirect_url`, `allow_client_to_add_phone_no`, `auto_approve`, `pcr_execution`, `default_storage_region`, `billing_model`, `billing_system`, `partner_plan`, `partner_tier`, `status`, `solution_id`, `settings`, `webhook_secret`, `webhook_secret_previous`, `webhook_secret_previous_until`) SELECT `id`, `created_at`, `modified_at`, `brand_name`, `logo_url`, `country`, `webhook_url`, `partner_redirect_url`, `allow_client_to_add_phone_no`, `auto_approve`, `pcr_execution`, `default_storage_region`, `billing_model`, `billing_system`, `partner_plan`, `partner_tier`, `status`, `solution_id`, `settings`, `webhook_secret`, `webhook_secret_previous`, `webhook_secret_previous_until` FROM `partners`;
-- drop "partners" table after copying rows
DROP TABLE `partners`;
-- rename temporary table "new_partners" to "partners"
ALTER TABLE `new_partners` RENAME TO `partners`;
-- create index "partner_created_at" to table: "partners"
CREATE INDEX `partner_created_at` ON `partners` (`created_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
