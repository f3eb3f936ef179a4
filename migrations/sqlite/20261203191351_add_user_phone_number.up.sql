-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_users" table
CREATE TABLE `new_users` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL DEFAULT (''), `phone_number` text NULL, `role` text NOT NULL, `password_hash` text NOT NULL, `must_change_password` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `languages` json NULL, `password_changed_at` datetime NULL, `last_login_at` datetime NULL, `client_id` text NULL, `partner_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `users_clients_users` FOREIGN KEY (`client_id`) REFERENCES `clients` (`id`) ON DELETE SET NULL, CONSTRAINT `users_partners_users` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE SET NULL);
-- copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `created_at`, `modified_at`, `email`, `name`, `role`, `password_hash`, `must_change_password`, `disabled`, `languages`, `password_changed_at`, `last_login_at`, `client_id`, `partner_id`) SELECT `id`, `created_at`, `modified_at`, `email`, `name`, `role`, `password_hash`, `must_change_password`, `disabled`, `languages`, `password_changed_at`, `last_login_at`, `client_id`, `partner_id` FROM `users`;
-- drop "users" table after copying rows
DROP TABLE `users`;
-- rename temporary table "new_users" to "users"
ALTER TABLE `new_users` RENAME TO `users`;
-- create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- create index "user_phone_number" to table: "users"
CREATE INDEX `user_phone_number` ON `users` (`phone_number`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
