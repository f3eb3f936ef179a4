-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_tickets" table
CREATE TABLE `new_tickets` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `requester_user_id` text NOT NULL, `requester_kind` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NULL, `channel_id` text NULL, `whatsapp_wa_id` text NULL, `source` text NOT NULL, `topic` text NOT NULL, `severity` text NOT NULL, `language` text NOT NULL DEFAULT ('en'), `subject` text NOT NULL, `description` text NOT NULL DEFAULT (''), `details` json NULL, `status` text NOT NULL DEFAULT ('new'), `assignee_id` text NULL, `language_fallback` bool NOT NULL DEFAULT (false), `escalated` bool NOT NULL DEFAULT (false), `escalation_reason` text NOT NULL DEFAULT (''), `escalated_at` datetime NULL, `plan` text NOT NULL, `support_package` text NOT NULL, `policy_version` integer NOT NULL, `opened_at` datetime NOT NULL, `entered_by` text NULL, `first_response_at` datetime NULL, `resolved_at` datetime NULL, `closed_at` datetime NULL, `cycle` integer NOT NULL DEFAULT (1), `next_due_at` datetime NULL, PRIMARY KEY (`id`));
-- copy rows from old table "tickets" to new temporary table "new_tickets"
INSERT INTO `new_tickets` (`id`, `created_at`, `modified_at`, `requester_user_id`, `requester_kind`, `partner_id`, `client_id`, `channel_id`, `source`, `topic`, `severity`, `language`, `subject`, `description`, `details`, `status`, `assignee_id`, `language_fallback`, `escalated`, `escalation_reason`, `escalated_at`, `plan`, `support_package`, `policy_version`, `opened_at`, `entered_by`, `first_response_at`, `resolved_at`, `closed_at`, `cycle`, `next_due_at`) SELECT `id`, `created_at`, `modified_at`, `requester_user_id`, `requester_kind`, `partner_id`, `client_id`, `channel_id`, `source`, `topic`, `severity`, `language`, `subject`, `description`, `details`, `status`, `assignee_id`, `language_fallback`, `escalated`, `escalation_reason`, `escalated_at`, `plan`, `support_package`, `policy_version`, `opened_at`, `entered_by`, `first_response_at`, `resolved_at`, `closed_at`, `cycle`, `next_due_at` FROM `tickets`;
-- drop "tickets" table after copying rows
DROP TABLE `tickets`;
-- rename temporary table "new_tickets" to "tickets"
ALTER TABLE `new_tickets` RENAME TO `tickets`;
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
-- create index "ticket_whatsapp_wa_id_status" to table: "tickets"
CREATE INDEX `ticket_whatsapp_wa_id_status` ON `tickets` (`whatsapp_wa_id`, `status`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
