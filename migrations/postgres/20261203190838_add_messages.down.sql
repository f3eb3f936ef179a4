-- reverse: create index "message_ticket_message_id" to table: "messages"
DROP INDEX "message_ticket_message_id";
-- reverse: create index "message_next_status_at" to table: "messages"
DROP INDEX "message_next_status_at";
-- reverse: create index "message_key_id" to table: "messages"
DROP INDEX "message_key_id";
-- reverse: create index "message_channel_id_wa_id_created_at" to table: "messages"
DROP INDEX "message_channel_id_wa_id_created_at";
-- reverse: create index "message_channel_id_direction_created_at" to table: "messages"
DROP INDEX "message_channel_id_direction_created_at";
-- reverse: create index "message_channel_id_created_at_id" to table: "messages"
DROP INDEX "message_channel_id_created_at_id";
-- reverse: create "messages" table
DROP TABLE "messages";
