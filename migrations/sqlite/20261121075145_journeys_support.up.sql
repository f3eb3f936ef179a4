-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- add column "locked_by" to table: "channels"
ALTER TABLE `channels` ADD COLUMN `locked_by` text NULL;
-- add column "terms_version" to table: "clients"
ALTER TABLE `clients` ADD COLUMN `terms_version` text NULL;
-- add column "terms_accepted_at" to table: "clients"
ALTER TABLE `clients` ADD COLUMN `terms_accepted_at` datetime NULL;
-- add column "cloned_from" to table: "clients"
ALTER TABLE `clients` ADD COLUMN `cloned_from` text NULL;
-- create "new_partners" table
CREATE TABLE `new_partners` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `brand_name` text NOT NULL, `logo_url` text NULL, `country` text NOT NULL DEFAULT (''), `webhook_url` text NULL, `partner_redirect_url` text NULL, `allow_client_to_add_phone_no` bool NOT NULL DEFAULT (true), `auto_approve` bool NOT NULL DEFAULT (false), `pcr_execution` text NOT NULL DEFAULT ('immediate'), `default_storage_region` text NULL, `billing_model` text NOT NULL DEFAULT ('partner_payment'), `billing_system` text NOT NULL DEFAULT ('default'), `partner_plan` text NOT NULL DEFAULT ('sandbox'), `partner_tier` text NOT NULL DEFAULT ('none'), `status` text NOT NULL DEFAULT ('active'), `solution_id` text NULL, `settings` json NULL, `webhook_secret` text NULL, `webhook_secret_previous` text NULL, `webhook_secret_previous_until` datetime NULL, PRIMARY KEY (`id`));
-- copy rows from old table "partners" to new temporary table "new_partners"
INSERT INTO `new_partners` (`id`, `created_at`, `modified_at`, `brand_name`, `logo_url`, `country`, `webhook_url`, `partner_redirect_url`, `allow_client_to_add_phone_no`, `auto_approve`, `default_storage_region`, `billing_model`, `billing_system`, `partner_plan`, `partner_tier`, `status`, `solution_id`, `settings`, `webhook_secret`, `webhook_secret_previous`, `webhook_secret_previous_until`) SELECT `id`, `created_at`, `modified_at`, `brand_name`, `logo_url`, `country`, `webhook_url`, `partner_redirect_url`, `allow_client_to_add_phone_no`, `auto_approve`, `default_storage_region`, `billing_model`, `billing_system`, `partner_plan`, `partner_tier`, `status`, `solution_id`, `settings`, `webhook_secret`, `webhook_secret_previous`, `webhook_secret_previous_until` FROM `partners`;
-- drop "partners" table after copying rows
DROP TABLE `partners`;
-- rename temporary table "new_partners" to "partners"
ALTER TABLE `new_partners` RENAME TO `partners`;
-- create index "partner_created_at" to table: "partners"
CREATE INDEX `partner_created_at` ON `partners` (`created_at`);
-- create "kb_articles" table
CREATE TABLE `kb_articles` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `topic` text NOT NULL, `title` text NOT NULL, `body` text NOT NULL DEFAULT (''), `url` text NULL, `language` text NOT NULL DEFAULT ('en'), `published` bool NOT NULL DEFAULT (true), `created_by` text NULL, PRIMARY KEY (`id`));
-- create index "kbarticle_topic_published" to table: "kb_articles"
CREATE INDEX `kbarticle_topic_published` ON `kb_articles` (`topic`, `published`);
-- create "number_blocks" table
CREATE TABLE `number_blocks` (`id` text NOT NULL, `blocked_until` datetime NULL, `modified_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create "number_migrations" table
CREATE TABLE `number_migrations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `kind` text NOT NULL, `phone_number` text NOT NULL, `target_waba_id` text NOT NULL, `source_channel_id` text NULL, `source_waba_id` text NULL, `channel_id` text NULL, `display_name` text NOT NULL DEFAULT (''), `two_step_disabled_confirmed` bool NOT NULL DEFAULT (false), `status` text NOT NULL DEFAULT ('created'), `otp_challenge_id` text NULL, `otp_method` text NULL, `reason` text NOT NULL DEFAULT (''), `carried_over` json NULL, `requested_by` text NULL, `expires_at` datetime NOT NULL, `finished_at` datetime NULL, `open_number` text NULL, PRIMARY KEY (`id`));
-- create index "number_migrations_open_number_key" to table: "number_migrations"
CREATE UNIQUE INDEX `number_migrations_open_number_key` ON `number_migrations` (`open_number`);
-- create index "numbermigration_partner_id_created_at_id" to table: "number_migrations"
CREATE INDEX `numbermigration_partner_id_created_at_id` ON `number_migrations` (`partner_id`, `created_at`, `id`);
-- create index "numbermigration_client_id_created_at_id" to table: "number_migrations"
CREATE INDEX `numbermigration_client_id_created_at_id` ON `number_migrations` (`client_id`, `created_at`, `id`);
-- create index "numbermigration_phone_number_status" to table: "number_migrations"
CREATE INDEX `numbermigration_phone_number_status` ON `number_migrations` (`phone_number`, `status`);
-- create index "numbermigration_status_expires_at" to table: "number_migrations"
CREATE INDEX `numbermigration_status_expires_at` ON `number_migrations` (`status`, `expires_at`);
-- create "partner_change_requests" table
CREATE TABLE `partner_change_requests` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `target_partner_id` text NOT NULL, `target_client_id` text NULL, `is_full_migration` bool NOT NULL, `channel_ids` json NOT NULL, `status` text NOT NULL DEFAULT ('created'), `execution` text NOT NULL DEFAULT ('immediate'), `execute_after` datetime NULL, `terms_version` text NOT NULL, `terms_accepted_at` datetime NOT NULL, `requested_by` text NULL, `decided_by` text NULL, `decided_at` datetime NULL, `reason` text NOT NULL DEFAULT (''), `finished_at` datetime NULL, PRIMARY KEY (`id`));
-- create index "partnerchangerequest_target_partner_id_created_at_id" to table: "partner_change_requests"
CREATE INDEX `partnerchangerequest_target_partner_id_created_at_id` ON `partner_change_requests` (`target_partner_id`, `created_at`, `id`);
-- create index "partnerchangerequest_partner_id_created_at_id" to table: "partner_change_requests"
CREATE INDEX `partnerchangerequest_partner_id_created_at_id` ON `partner_change_requests` (`partner_id`, `created_at`, `id`);
-- create index "partnerchangerequest_client_id_status" to table: "partner_change_requests"
CREATE INDEX `partnerchangerequest_client_id_status` ON `partner_change_requests` (`client_id`, `status`);
-- create index "partnerchangerequest_status_execute_after" to table: "partner_change_requests"
CREATE INDEX `partnerchangerequest_status_execute_after` ON `partner_change_requests` (`status`, `execute_after`);
-- create "registration_attempts" table
CREATE TABLE `registration_attempts` (`id` text NOT NULL, `phone_number` text NOT NULL, `kind` text NOT NULL, `at` datetime NOT NULL, `partner_id` text NULL, `object_id` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- create index "registrationattempt_phone_number_at" to table: "registration_attempts"
CREATE INDEX `registrationattempt_phone_number_at` ON `registration_attempts` (`phone_number`, `at`);
-- create "sla_policies" table
CREATE TABLE `sla_policies` (`id` text NOT NULL, `version` integer NOT NULL, `draft` json NOT NULL, `note` text NOT NULL DEFAULT (''), `created_by` text NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "sla_policies_version_key" to table: "sla_policies"
CREATE UNIQUE INDEX `sla_policies_version_key` ON `sla_policies` (`version`);
-- create "tickets" table
CREATE TABLE `tickets` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `requester_user_id` text NOT NULL, `requester_kind` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NULL, `channel_id` text NULL, `source` text NOT NULL, `topic` text NOT NULL, `severity` text NOT NULL, `language` text NOT NULL DEFAULT ('en'), `subject` text NOT NULL, `description` text NOT NULL DEFAULT (''), `details` json NULL, `status` text NOT NULL DEFAULT ('new'), `assignee_id` text NULL, `language_fallback` bool NOT NULL DEFAULT (false), `escalated` bool NOT NULL DEFAULT (false), `escalation_reason` text NOT NULL DEFAULT (''), `escalated_at` datetime NULL, `plan` text NOT NULL, `support_package` text NOT NULL, `policy_version` integer NOT NULL, `opened_at` datetime NOT NULL, `entered_by` text NULL, `first_response_at` datetime NULL, `resolved_at` datetime NULL, `closed_at` datetime NULL, `cycle` integer NOT NULL DEFAULT (1), `next_due_at` datetime NULL, PRIMARY KEY (`id`));
-- create index "ticket_partner_id_created_at_id" to table: "tickets"
CREATE INDEX `ticket_partner_id_created_at_id` ON `tickets` (`partner_id`, `created_at`, `id`);
-- create index "ticket_client_id_created_at_id" to table: "tickets"
CREATE INDEX `ticket_client_id_created_at_id` ON `tickets` (`client_id`, `created_at`, `id`);
-- create index "ticket_status_escalated_next_due_at_id" to table: "tickets"
CREATE INDEX `ticket_status_escalated_next_due_at_id` ON `tickets` (`status`, `escalated`, `next_due_at`, `id`);
-- create index "ticket_assignee_id_status" to table: "tickets"
CREATE INDEX `ticket_assignee_id_status` ON `tickets` (`assignee_id`, `status`);
-- create index "ticket_requester_user_id_topic_status" to table: "tickets"
CREATE INDEX `ticket_requester_user_id_topic_status` ON `tickets` (`requester_user_id`, `topic`, `status`);
-- create index "ticket_opened_at" to table: "tickets"
CREATE INDEX `ticket_opened_at` ON `tickets` (`opened_at`);
-- create "ticket_changes" table
CREATE TABLE `ticket_changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `partner_id` text NOT NULL, `client_id` text NULL, `at` datetime NOT NULL, `field` text NOT NULL, `from_value` text NOT NULL DEFAULT (''), `to_value` text NOT NULL DEFAULT (''), `actor_user_id` text NULL, `reason` text NOT NULL DEFAULT (''), `ticket_id` text NOT NULL, CONSTRAINT `ticket_changes_tickets_changes` FOREIGN KEY (`ticket_id`) REFERENCES `tickets` (`id`) ON DELETE NO ACTION);
-- create index "ticketchange_ticket_id_at_id" to table: "ticket_changes"
CREATE INDEX `ticketchange_ticket_id_at_id` ON `ticket_changes` (`ticket_id`, `at`, `id`);
-- create "ticket_messages" table
CREATE TABLE `ticket_messages` (`id` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NULL, `kind` text NOT NULL, `author_side` text NOT NULL, `author_user_id` text NULL, `body` text NOT NULL, `keys_masked` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `seq` integer NOT NULL DEFAULT (0), `ticket_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `ticket_messages_tickets_messages` FOREIGN KEY (`ticket_id`) REFERENCES `tickets` (`id`) ON DELETE NO ACTION);
-- create index "ticketmessage_ticket_id_created_at" to table: "ticket_messages"
CREATE INDEX `ticketmessage_ticket_id_created_at` ON `ticket_messages` (`ticket_id`, `created_at`);
-- create "ticket_sla_records" table
CREATE TABLE `ticket_sla_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `partner_id` text NOT NULL, `client_id` text NULL, `metric` text NOT NULL, `cycle` integer NOT NULL, `kind` text NOT NULL, `intended_at` datetime NOT NULL, `recorded_at` datetime NOT NULL, `soft` bool NOT NULL DEFAULT (false), `recorded_by` text NOT NULL DEFAULT (''), `ticket_id` text NOT NULL, CONSTRAINT `ticket_sla_records_tickets_sla_records` FOREIGN KEY (`ticket_id`) REFERENCES `tickets` (`id`) ON DELETE NO ACTION);
-- create index "ticketslarecord_ticket_id_metric_cycle_kind" to table: "ticket_sla_records"
CREATE UNIQUE INDEX `ticketslarecord_ticket_id_metric_cycle_kind` ON `ticket_sla_records` (`ticket_id`, `metric`, `cycle`, `kind`);
-- create index "ticketslarecord_partner_id_intended_at" to table: "ticket_sla_records"
CREATE INDEX `ticketslarecord_partner_id_intended_at` ON `ticket_sla_records` (`partner_id`, `intended_at`);
-- create index "ticketslarecord_intended_at" to table: "ticket_sla_records"
CREATE INDEX `ticketslarecord_intended_at` ON `ticket_sla_records` (`intended_at`);
-- create "ticket_timers" table
CREATE TABLE `ticket_timers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `partner_id` text NOT NULL, `client_id` text NULL, `metric` text NOT NULL, `cycle` integer NOT NULL, `started_at` datetime NOT NULL, `target_seconds` integer NOT NULL DEFAULT (0), `calendar` text NOT NULL DEFAULT (''), `rule` integer NOT NULL DEFAULT (0), `soft` bool NOT NULL DEFAULT (false), `due_at` datetime NULL, `warning_at` datetime NULL, `paused_since` datetime NULL, `stopped_at` datetime NULL, `met` bool NOT NULL DEFAULT (false), `next_warning_at` datetime NULL, `next_breach_at` datetime NULL, `ticket_id` text NOT NULL, CONSTRAINT `ticket_timers_tickets_timers` FOREIGN KEY (`ticket_id`) REFERENCES `tickets` (`id`) ON DELETE NO ACTION);
-- create index "tickettimer_ticket_id_metric_cycle" to table: "ticket_timers"
CREATE UNIQUE INDEX `tickettimer_ticket_id_metric_cycle` ON `ticket_timers` (`ticket_id`, `metric`, `cycle`);
-- create index "tickettimer_next_warning_at" to table: "ticket_timers"
CREATE INDEX `tickettimer_next_warning_at` ON `ticket_timers` (`next_warning_at`) WHERE next_warning_at IS NOT NULL;
-- create index "tickettimer_next_breach_at" to table: "ticket_timers"
CREATE INDEX `tickettimer_next_breach_at` ON `ticket_timers` (`next_breach_at`) WHERE next_breach_at IS NOT NULL;
-- create "waba_templates" table
CREATE TABLE `waba_templates` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `waba_id` text NOT NULL, `name` text NOT NULL, `language` text NOT NULL, `category` text NOT NULL DEFAULT ('UTILITY'), `status` text NOT NULL DEFAULT ('PENDING'), `quality_score` text NOT NULL DEFAULT ('UNKNOWN'), `components` json NULL, `copied_from` text NULL, PRIMARY KEY (`id`));
-- create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
CREATE UNIQUE INDEX `wabatemplate_waba_id_name_language` ON `waba_templates` (`waba_id`, `name`, `language`);
-- create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
CREATE INDEX `wabatemplate_partner_id_created_at_id` ON `waba_templates` (`partner_id`, `created_at`, `id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
