-- drop index "channel_partner_id_created_at" from table: "channels"
DROP INDEX "channel_partner_id_created_at";
-- drop index "channel_partner_id_status" from table: "channels"
DROP INDEX "channel_partner_id_status";
-- create index "channel_partner_id_created_at_id" to table: "channels"
CREATE INDEX "channel_partner_id_created_at_id" ON "channels" ("partner_id", "created_at", "id");
-- create index "channel_partner_id_phone_number_id" to table: "channels"
CREATE INDEX "channel_partner_id_phone_number_id" ON "channels" ("partner_id", "phone_number", "id");
-- create index "channel_partner_id_status_created_at_id" to table: "channels"
CREATE INDEX "channel_partner_id_status_created_at_id" ON "channels" ("partner_id", "status", "created_at", "id");
-- drop index "clientaccount_partner_id_created_at" from table: "clients"
DROP INDEX "clientaccount_partner_id_created_at";
-- drop index "clientaccount_partner_id_name" from table: "clients"
DROP INDEX "clientaccount_partner_id_name";
-- create index "clientaccount_partner_id_created_at_id" to table: "clients"
CREATE INDEX "clientaccount_partner_id_created_at_id" ON "clients" ("partner_id", "created_at", "id");
-- create index "clientaccount_partner_id_name_id" to table: "clients"
CREATE INDEX "clientaccount_partner_id_name_id" ON "clients" ("partner_id", "name", "id");
