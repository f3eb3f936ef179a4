-- create "audit_logs" table
CREATE TABLE `audit_logs` (`id` text NOT NULL, `occurred_at` datetime NOT NULL, `actor_user_id` text NULL, `actor_role` text NOT NULL DEFAULT (''), `action` text NOT NULL, `object_type` text NOT NULL, `object_id` text NOT NULL, `partner_id` text NULL, `client_id` text NULL, `request_id` text NOT NULL DEFAULT (''), `details` json NULL, PRIMARY KEY (`id`));
-- create index "auditlog_partner_id_occurred_at" to table: "audit_logs"
CREATE INDEX `auditlog_partner_id_occurred_at` ON `audit_logs` (`partner_id`, `occurred_at`);
-- create index "auditlog_client_id_occurred_at" to table: "audit_logs"
CREATE INDEX `auditlog_client_id_occurred_at` ON `audit_logs` (`client_id`, `occurred_at`);
-- create index "auditlog_object_type_object_id_occurred_at" to table: "audit_logs"
CREATE INDEX `auditlog_object_type_object_id_occurred_at` ON `audit_logs` (`object_type`, `object_id`, `occurred_at`);
-- create "channels" table
CREATE TABLE `channels` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `external_id` text NULL, `phone_number` text NOT NULL, `status` text NOT NULL DEFAULT ('created'), `account_mode` text NOT NULL DEFAULT ('sandbox'), `current_quality_rating` text NOT NULL DEFAULT ('UNKNOWN'), `current_limit` text NOT NULL DEFAULT ('TIER_250'), `hosting_type` text NOT NULL DEFAULT ('cloud'), `support_plan` text NOT NULL DEFAULT ('basic'), `key_permission` text NOT NULL DEFAULT ('missing'), `setup_info` json NULL, `profile_info` json NULL, `webhook_url` text NULL, `webhook_headers` json NULL, `local_storage_region` text NULL, `is_migrated` bool NOT NULL DEFAULT (false), `billing_started_at` datetime NULL, `cancelled_at` datetime NULL, `terminated_at` datetime NULL, `client_id` text NOT NULL, `waba_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `channels_clients_channels` FOREIGN KEY (`client_id`) REFERENCES `clients` (`id`) ON DELETE NO ACTION, CONSTRAINT `channels_wabas_channels` FOREIGN KEY (`waba_id`) REFERENCES `wabas` (`id`) ON DELETE NO ACTION);
-- create index "channel_partner_id_created_at" to table: "channels"
CREATE INDEX `channel_partner_id_created_at` ON `channels` (`partner_id`, `created_at`);
-- create index "channel_partner_id_status" to table: "channels"
CREATE INDEX `channel_partner_id_status` ON `channels` (`partner_id`, `status`);
-- create index "channel_client_id" to table: "channels"
CREATE INDEX `channel_client_id` ON `channels` (`client_id`);
-- create index "channel_waba_id" to table: "channels"
CREATE INDEX `channel_waba_id` ON `channels` (`waba_id`);
-- create index "channel_phone_number" to table: "channels"
CREATE INDEX `channel_phone_number` ON `channels` (`phone_number`);
-- create "clients" table
CREATE TABLE `clients` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `name` text NOT NULL, `organisation` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('active'), `partner_payload` text NOT NULL DEFAULT (''), `max_channels` integer NOT NULL DEFAULT (10), `plan` text NOT NULL DEFAULT ('basic'), `contact_info` json NULL, `contact_user` json NULL, `meta_info` json NULL, `point_of_contact` json NULL, `suspicious` bool NOT NULL DEFAULT (false), `created_by` text NULL, `modified_by` text NULL, `partner_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `clients_partners_clients` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE NO ACTION);
-- create index "clientaccount_partner_id_created_at" to table: "clients"
CREATE INDEX `clientaccount_partner_id_created_at` ON `clients` (`partner_id`, `created_at`);
-- create index "clientaccount_partner_id_name" to table: "clients"
CREATE INDEX `clientaccount_partner_id_name` ON `clients` (`partner_id`, `name`);
-- create "login_throttles" table
CREATE TABLE `login_throttles` (`id` text NOT NULL, `failures` integer NOT NULL DEFAULT (0), `last_failure_at` datetime NOT NULL, `locked_until` datetime NULL, PRIMARY KEY (`id`));
-- create "partners" table
CREATE TABLE `partners` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `brand_name` text NOT NULL, `logo_url` text NULL, `country` text NOT NULL DEFAULT (''), `webhook_url` text NULL, `partner_redirect_url` text NULL, `allow_client_to_add_phone_no` bool NOT NULL DEFAULT (true), `auto_approve` bool NOT NULL DEFAULT (false), `default_storage_region` text NULL, `billing_model` text NOT NULL DEFAULT ('partner_payment'), `billing_system` text NOT NULL DEFAULT ('default'), `partner_plan` text NOT NULL DEFAULT ('sandbox'), `partner_tier` text NOT NULL DEFAULT ('none'), `status` text NOT NULL DEFAULT ('active'), `solution_id` text NULL, `settings` json NULL, PRIMARY KEY (`id`));
-- create index "partner_created_at" to table: "partners"
CREATE INDEX `partner_created_at` ON `partners` (`created_at`);
-- create "refresh_tokens" table
CREATE TABLE `refresh_tokens` (`id` text NOT NULL, `family_id` text NOT NULL, `token_hash` blob NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `rotated_at` datetime NULL, `revoked_at` datetime NULL, `user_agent` text NOT NULL DEFAULT (''), `ip` text NOT NULL DEFAULT (''), `user_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `refresh_tokens_users_refresh_tokens` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX `refresh_tokens_token_hash_key` ON `refresh_tokens` (`token_hash`);
-- create index "refreshtoken_family_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_family_id` ON `refresh_tokens` (`family_id`);
-- create index "refreshtoken_user_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_user_id` ON `refresh_tokens` (`user_id`);
-- create "system_settings" table
CREATE TABLE `system_settings` (`id` text NOT NULL, `value` blob NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create "users" table
CREATE TABLE `users` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL DEFAULT (''), `role` text NOT NULL, `password_hash` text NOT NULL, `must_change_password` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `languages` json NULL, `password_changed_at` datetime NULL, `last_login_at` datetime NULL, `client_id` text NULL, `partner_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `users_clients_users` FOREIGN KEY (`client_id`) REFERENCES `clients` (`id`) ON DELETE SET NULL, CONSTRAINT `users_partners_users` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE SET NULL);
-- create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- create "wabas" table
CREATE TABLE `wabas` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `external_id` text NULL, `name` text NOT NULL, `namespace` text NOT NULL DEFAULT (''), `fb_account_status` text NOT NULL DEFAULT ('not_verified'), `currency` text NOT NULL DEFAULT ('USD'), `timezone` text NOT NULL DEFAULT ('UTC'), `number_limit` integer NOT NULL DEFAULT (25), `client_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `wabas_clients_wabas` FOREIGN KEY (`client_id`) REFERENCES `clients` (`id`) ON DELETE NO ACTION);
-- create index "waba_partner_id" to table: "wabas"
CREATE INDEX `waba_partner_id` ON `wabas` (`partner_id`);
-- create index "waba_client_id" to table: "wabas"
CREATE INDEX `waba_client_id` ON `wabas` (`client_id`);
