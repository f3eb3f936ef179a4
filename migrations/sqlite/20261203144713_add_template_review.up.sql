-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_waba_templates" table
CREATE TABLE `new_waba_templates` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `waba_id` text NOT NULL, `external_id` text NULL, `name` text NOT NULL, `language` text NOT NULL, `category` text NOT NULL DEFAULT ('UTILITY'), `status` text NOT NULL DEFAULT ('submitted'), `status_changed_at` datetime NULL, `rejected_reason` text NULL, `rejected_detail` text NULL, `quality_score` text NOT NULL DEFAULT ('UNKNOWN'), `components` json NULL, `namespace` text NOT NULL DEFAULT (''), `created_by` text NULL, `modified_by` text NULL, `edit_times` json NULL, `copied_from` text NULL, PRIMARY KEY (`id`));
-- copy rows from old table "waba_templates" to new temporary table "new_waba_templates"
INSERT INTO `new_waba_templates` (`id`, `created_at`, `modified_at`, `partner_id`, `client_id`, `waba_id`, `name`, `language`, `category`, `status`, `quality_score`, `components`, `copied_from`) SELECT `id`, `created_at`, `modified_at`, `partner_id`, `client_id`, `waba_id`, `name`, `language`, `category`, IFNULL(`status`, ('submitted')) AS `status`, `quality_score`, `components`, `copied_from` FROM `waba_templates`;
-- drop "waba_templates" table after copying rows
DROP TABLE `waba_templates`;
-- rename temporary table "new_waba_templates" to "waba_templates"
ALTER TABLE `new_waba_templates` RENAME TO `waba_templates`;
-- create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
CREATE UNIQUE INDEX `wabatemplate_waba_id_name_language` ON `waba_templates` (`waba_id`, `name`, `language`);
-- create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
CREATE INDEX `wabatemplate_partner_id_created_at_id` ON `waba_templates` (`partner_id`, `created_at`, `id`);
-- create index "wabatemplate_status_status_changed_at" to table: "waba_templates"
CREATE INDEX `wabatemplate_status_status_changed_at` ON `waba_templates` (`status`, `status_changed_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
