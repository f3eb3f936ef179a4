-- reverse: create index "waba_client_id" to table: "wabas"
DROP INDEX `waba_client_id`;
-- reverse: create index "waba_partner_id" to table: "wabas"
DROP INDEX `waba_partner_id`;
-- reverse: create "wabas" table
DROP TABLE `wabas`;
-- reverse: create index "users_email_key" to table: "users"
DROP INDEX `users_email_key`;
-- reverse: create "users" table
DROP TABLE `users`;
-- reverse: create "system_settings" table
DROP TABLE `system_settings`;
-- reverse: create index "refreshtoken_user_id" to table: "refresh_tokens"
DROP INDEX `refreshtoken_user_id`;
-- reverse: create index "refreshtoken_family_id" to table: "refresh_tokens"
DROP INDEX `refreshtoken_family_id`;
-- reverse: create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
DROP INDEX `refresh_tokens_token_hash_key`;
-- reverse: create "refresh_tokens" table
DROP TABLE `refresh_tokens`;
-- reverse: create index "partner_created_at" to table: "partners"
DROP INDEX `partner_created_at`;
-- reverse: create "partners" table
DROP TABLE `partners`;
-- reverse: create "login_throttles" table
DROP TABLE `login_throttles`;
-- reverse: create index "clientaccount_partner_id_name" to table: "clients"
DROP INDEX `clientaccount_partner_id_name`;
-- reverse: create index "clientaccount_partner_id_created_at" to table: "clients"
DROP INDEX `clientaccount_partner_id_created_at`;
-- reverse: create "clients" table
DROP TABLE `clients`;
-- reverse: create index "channel_phone_number" to table: "channels"
DROP INDEX `channel_phone_number`;
-- reverse: create index "channel_waba_id" to table: "channels"
DROP INDEX `channel_waba_id`;
-- reverse: create index "channel_client_id" to table: "channels"
DROP INDEX `channel_client_id`;
-- reverse: create index "channel_partner_id_status" to table: "channels"
DROP INDEX `channel_partner_id_status`;
-- reverse: create index "channel_partner_id_created_at" to table: "channels"
DROP INDEX `channel_partner_id_created_at`;
-- reverse: create "channels" table
DROP TABLE `channels`;
-- reverse: create index "auditlog_object_type_object_id_occurred_at" to table: "audit_logs"
DROP INDEX `auditlog_object_type_object_id_occurred_at`;
-- reverse: create index "auditlog_client_id_occurred_at" to table: "audit_logs"
DROP INDEX `auditlog_client_id_occurred_at`;
-- reverse: create index "auditlog_partner_id_occurred_at" to table: "audit_logs"
DROP INDEX `auditlog_partner_id_occurred_at`;
-- reverse: create "audit_logs" table
DROP TABLE `audit_logs`;
