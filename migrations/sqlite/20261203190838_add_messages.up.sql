-- create "messages" table
CREATE TABLE `messages` (`id` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `channel_id` text NOT NULL, `direction` text NOT NULL, `wa_id` text NOT NULL, `recipient_input` text NOT NULL DEFAULT (''), `type` text NOT NULL, `content` json NOT NULL, `context_message_id` text NULL, `template_name` text NULL, `template_language` text NULL, `category` text NULL, `billable` bool NOT NULL DEFAULT (false), `pricing_type` text NOT NULL DEFAULT (''), `business_initiated` bool NOT NULL DEFAULT (false), `conversation_id` text NOT NULL DEFAULT (''), `conversation_expires_at` datetime NULL, `status` text NOT NULL, `error_code` integer NULL, `error_title` text NOT NULL DEFAULT (''), `error_details` text NOT NULL DEFAULT (''), `created_at` datetime NOT NULL, `status_at` datetime NOT NULL, `next_status_at` datetime NULL, `delivered_at` datetime NULL, `read_at` datetime NULL, `biz_opaque_callback_data` text NOT NULL DEFAULT (''), `key_id` text NULL, `sent_by` text NULL, `ticket_message_id` text NULL, PRIMARY KEY (`id`));
-- create index "message_channel_id_wa_id_created_at" to table: "messages"
CREATE INDEX `message_channel_id_wa_id_created_at` ON `messages` (`channel_id`, `wa_id`, `created_at`);
-- create index "message_channel_id_direction_created_at" to table: "messages"
CREATE INDEX `message_channel_id_direction_created_at` ON `messages` (`channel_id`, `direction`, `created_at`);
-- create index "message_channel_id_created_at_id" to table: "messages"
CREATE INDEX `message_channel_id_created_at_id` ON `messages` (`channel_id`, `created_at`, `id`);
-- create index "message_next_status_at" to table: "messages"
CREATE INDEX `message_next_status_at` ON `messages` (`next_status_at`);
-- create index "message_key_id" to table: "messages"
CREATE INDEX `message_key_id` ON `messages` (`key_id`);
-- create index "message_ticket_message_id" to table: "messages"
CREATE INDEX `message_ticket_message_id` ON `messages` (`ticket_message_id`);
