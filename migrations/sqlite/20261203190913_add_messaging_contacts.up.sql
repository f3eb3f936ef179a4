-- create "messaging_contacts" table
CREATE TABLE `messaging_contacts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `channel_id` text NOT NULL, `wa_id` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `profile_name` text NOT NULL DEFAULT (''), `last_inbound_at` datetime NULL, `last_business_initiated_at` datetime NULL, `last_message_at` datetime NOT NULL, `conversations` json NULL, `created_at` datetime NOT NULL);
-- create index "messagingcontact_channel_id_wa_id" to table: "messaging_contacts"
CREATE UNIQUE INDEX `messagingcontact_channel_id_wa_id` ON `messaging_contacts` (`channel_id`, `wa_id`);
-- create index "messagingcontact_channel_id_last_business_initiated_at" to table: "messaging_contacts"
CREATE INDEX `messagingcontact_channel_id_last_business_initiated_at` ON `messaging_contacts` (`channel_id`, `last_business_initiated_at`);
-- create index "messagingcontact_channel_id_last_message_at" to table: "messaging_contacts"
CREATE INDEX `messagingcontact_channel_id_last_message_at` ON `messaging_contacts` (`channel_id`, `last_message_at`);
