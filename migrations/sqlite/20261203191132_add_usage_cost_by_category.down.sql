-- reverse: create index "channelusage_client_id_day" to table: "channel_usages"
DROP INDEX `channelusage_client_id_day`;
-- reverse: create index "channelusage_channel_id_day" to table: "channel_usages"
DROP INDEX `channelusage_channel_id_day`;
-- reverse: create "new_channel_usages" table
DROP TABLE `new_channel_usages`;
