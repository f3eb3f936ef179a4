-- create "simulated_users" table
CREATE TABLE `simulated_users` (`id` text NOT NULL, `phone_number` text NOT NULL, `wa_id` text NOT NULL, `name` text NOT NULL, `on_whatsapp` bool NOT NULL DEFAULT (true), `reachable` bool NOT NULL DEFAULT (true), `blocks_business` bool NOT NULL DEFAULT (false), `read_receipts` bool NOT NULL DEFAULT (true), `language` text NOT NULL DEFAULT ('en'), `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "simulated_users_phone_number_key" to table: "simulated_users"
CREATE UNIQUE INDEX `simulated_users_phone_number_key` ON `simulated_users` (`phone_number`);
-- create index "simulated_users_wa_id_key" to table: "simulated_users"
CREATE UNIQUE INDEX `simulated_users_wa_id_key` ON `simulated_users` (`wa_id`);
