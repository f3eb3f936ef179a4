-- reverse: create index "partnerapikey_partner_id_created_at" to table: "partner_api_keys"
DROP INDEX `partnerapikey_partner_id_created_at`;
-- reverse: create index "partner_api_keys_key_hash_key" to table: "partner_api_keys"
DROP INDEX `partner_api_keys_key_hash_key`;
-- reverse: create "partner_api_keys" table
DROP TABLE `partner_api_keys`;
-- reverse: create "key_usages" table
DROP TABLE `key_usages`;
-- reverse: create index "keyevent_at" to table: "key_events"
DROP INDEX `keyevent_at`;
-- reverse: create "key_events" table
DROP TABLE `key_events`;
-- reverse: create index "channelapikey_channel_id_idempotency_key" to table: "channel_api_keys"
DROP INDEX `channelapikey_channel_id_idempotency_key`;
-- reverse: create index "channelapikey_channel_id_state" to table: "channel_api_keys"
DROP INDEX `channelapikey_channel_id_state`;
-- reverse: create index "channel_api_keys_key_hash_key" to table: "channel_api_keys"
DROP INDEX `channel_api_keys_key_hash_key`;
-- reverse: create "channel_api_keys" table
DROP TABLE `channel_api_keys`;
