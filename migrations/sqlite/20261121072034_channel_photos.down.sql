-- reverse: create "channel_photos" table
DROP TABLE `channel_photos`;
