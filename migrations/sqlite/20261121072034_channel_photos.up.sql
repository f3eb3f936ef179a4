-- create "channel_photos" table
CREATE TABLE `channel_photos` (`id` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `content_type` text NOT NULL, `data` blob NOT NULL, `width` integer NOT NULL, `height` integer NOT NULL, `updated_at` datetime NOT NULL, PRIMARY KEY (`id`));
