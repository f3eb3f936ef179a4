-- create "media" table
CREATE TABLE `media` (`id` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `channel_id` text NOT NULL, `type` text NOT NULL, `mime_type` text NOT NULL, `sha256` text NOT NULL, `file_size` integer NOT NULL, `filename` text NOT NULL DEFAULT (''), `data` blob NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "media_channel_id_created_at" to table: "media"
CREATE INDEX `media_channel_id_created_at` ON `media` (`channel_id`, `created_at`);
-- create index "media_expires_at" to table: "media"
CREATE INDEX `media_expires_at` ON `media` (`expires_at`);
