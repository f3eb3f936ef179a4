-- create "channel_api_keys" table
CREATE TABLE `channel_api_keys` (`id` text NOT NULL, `channel_id` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `key_hash` blob NOT NULL, `hash_version` integer NOT NULL DEFAULT (1), `hint` text NOT NULL, `state` text NOT NULL DEFAULT ('active'), `valid_until` datetime NULL, `created_at` datetime NOT NULL, `created_by_type` text NOT NULL, `created_by_id` text NOT NULL DEFAULT (''), `replaces_id` text NULL, `idempotency_key` text NULL, `sealed_key` blob NULL, `revoked_at` datetime NULL, `revoke_reason` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- create index "channel_api_keys_key_hash_key" to table: "channel_api_keys"
CREATE UNIQUE INDEX `channel_api_keys_key_hash_key` ON `channel_api_keys` (`key_hash`);
-- create index "channelapikey_channel_id_state" to table: "channel_api_keys"
CREATE INDEX `channelapikey_channel_id_state` ON `channel_api_keys` (`channel_id`, `state`);
-- create index "channelapikey_channel_id_idempotency_key" to table: "channel_api_keys"
CREATE INDEX `channelapikey_channel_id_idempotency_key` ON `channel_api_keys` (`channel_id`, `idempotency_key`);
-- create "key_events" table
CREATE TABLE `key_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `key_hash` blob NOT NULL);
-- create index "keyevent_at" to table: "key_events"
CREATE INDEX `keyevent_at` ON `key_events` (`at`);
-- create "key_usages" table
CREATE TABLE `key_usages` (`id` text NOT NULL, `last_used_at` datetime NOT NULL, `last_used_ip` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- create "partner_api_keys" table
CREATE TABLE `partner_api_keys` (`id` text NOT NULL, `partner_id` text NOT NULL, `name` text NOT NULL, `key_hash` blob NOT NULL, `hash_version` integer NOT NULL DEFAULT (1), `hint` text NOT NULL, `scope` text NOT NULL DEFAULT ('full'), `ip_allowlist` json NULL, `expires_at` datetime NULL, `created_at` datetime NOT NULL, `created_by` text NOT NULL DEFAULT (''), `idempotency_key` text NULL, `sealed_key` blob NULL, `revoked_at` datetime NULL, `revoke_reason` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- create index "partner_api_keys_key_hash_key" to table: "partner_api_keys"
CREATE UNIQUE INDEX `partner_api_keys_key_hash_key` ON `partner_api_keys` (`key_hash`);
-- create index "partnerapikey_partner_id_created_at" to table: "partner_api_keys"
CREATE INDEX `partnerapikey_partner_id_created_at` ON `partner_api_keys` (`partner_id`, `created_at`);
