-- reverse: create index "media_expires_at" to table: "media"
DROP INDEX `media_expires_at`;
-- reverse: create index "media_channel_id_created_at" to table: "media"
DROP INDEX `media_channel_id_created_at`;
-- reverse: create "media" table
DROP TABLE `media`;
