-- reverse: create index "clientaccount_partner_id_name_id" to table: "clients"
DROP INDEX `clientaccount_partner_id_name_id`;
-- reverse: create index "clientaccount_partner_id_created_at_id" to table: "clients"
DROP INDEX `clientaccount_partner_id_created_at_id`;
-- reverse: drop index "clientaccount_partner_id_name" from table: "clients"
CREATE INDEX `clientaccount_partner_id_name` ON `clients` (`partner_id`, `name`);
-- reverse: drop index "clientaccount_partner_id_created_at" from table: "clients"
CREATE INDEX `clientaccount_partner_id_created_at` ON `clients` (`partner_id`, `created_at`);
-- reverse: create index "channel_partner_id_phone_number_id" to table: "channels"
DROP INDEX `channel_partner_id_phone_number_id`;
-- reverse: create index "channel_partner_id_status_created_at_id" to table: "channels"
DROP INDEX `channel_partner_id_status_created_at_id`;
-- reverse: create index "channel_partner_id_created_at_id" to table: "channels"
DROP INDEX `channel_partner_id_created_at_id`;
-- reverse: drop index "channel_partner_id_status" from table: "channels"
CREATE INDEX `channel_partner_id_status` ON `channels` (`partner_id`, `status`);
-- reverse: drop index "channel_partner_id_created_at" from table: "channels"
CREATE INDEX `channel_partner_id_created_at` ON `channels` (`partner_id`, `created_at`);
