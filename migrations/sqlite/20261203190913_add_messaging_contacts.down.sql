-- reverse: create index "messagingcontact_channel_id_last_message_at" to table: "messaging_contacts"
DROP INDEX `messagingcontact_channel_id_last_message_at`;
-- reverse: create index "messagingcontact_channel_id_last_business_initiated_at" to table: "messaging_contacts"
DROP INDEX `messagingcontact_channel_id_last_business_initiated_at`;
-- reverse: create index "messagingcontact_channel_id_wa_id" to table: "messaging_contacts"
DROP INDEX `messagingcontact_channel_id_wa_id`;
-- reverse: create "messaging_contacts" table
DROP TABLE `messaging_contacts`;
