-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_channel_usages" table
CREATE TABLE `new_channel_usages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `channel_id` text NOT NULL, `client_id` text NOT NULL, `partner_id` text NOT NULL, `day` datetime NOT NULL, `marketing` integer NOT NULL DEFAULT (0), `utility` integer NOT NULL DEFAULT (0), `authentication` integer NOT NULL DEFAULT (0), `service` integer NOT NULL DEFAULT (0), `free` integer NOT NULL DEFAULT (0), `cost_micros` integer NOT NULL DEFAULT (0), `marketing_cost_micros` integer NOT NULL DEFAULT (0), `utility_cost_micros` integer NOT NULL DEFAULT (0), `authentication_cost_micros` integer NOT NULL DEFAULT (0), `service_cost_micros` integer NOT NULL DEFAULT (0), `simulated` bool NOT NULL DEFAULT (false));
-- copy rows from old table "channel_usages" to new temporary table "new_channel_usages"
INSERT INTO `new_channel_usages` (`id`, `channel_id`, `client_id`, `partner_id`, `day`, `marketing`, `utility`, `authentication`, `service`, `free`, `cost_micros`) SELECT `id`, `channel_id`, `client_id`, `partner_id`, `day`, `marketing`, `utility`, `authentication`, `service`, `free`, `cost_micros` FROM `channel_usages`;
-- drop "channel_usages" table after copying rows
DROP TABLE `channel_usages`;
-- rename temporary table "new_channel_usages" to "channel_usages"
ALTER TABLE `new_channel_usages` RENAME TO `channel_usages`;
-- create index "channelusage_channel_id_day" to table: "channel_usages"
CREATE UNIQUE INDEX `channelusage_channel_id_day` ON `channel_usages` (`channel_id`, `day`);
-- create index "channelusage_client_id_day" to table: "channel_usages"
CREATE INDEX `channelusage_client_id_day` ON `channel_usages` (`client_id`, `day`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
