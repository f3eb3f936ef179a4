-- create "messages" table
CREATE TABLE "messages" ("id" character varying NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "channel_id" character varying NOT NULL, "direction" character varying NOT NULL, "wa_id" character varying NOT NULL, "recipient_input" character varying NOT NULL DEFAULT '', "type" character varying NOT NULL, "content" jsonb NOT NULL, "context_message_id" character varying NULL, "template_name" character varying NULL, "template_language" character varying NULL, "category" character varying NULL, "billable" boolean NOT NULL DEFAULT false, "pricing_type" character varying NOT NULL DEFAULT '', "business_initiated" boolean NOT NULL DEFAULT false, "conversation_id" character varying NOT NULL DEFAULT '', "conversation_expires_at" timestamptz NULL, "status" character varying NOT NULL, "error_code" bigint NULL, "error_title" character varying NOT NULL DEFAULT '', "error_details" character varying NOT NULL DEFAULT '', "created_at" timestamptz NOT NULL, "status_at" timestamptz NOT NULL, "next_status_at" timestamptz NULL, "delivered_at" timestamptz NULL, "read_at" timestamptz NULL, "biz_opaque_callback_data" character varying NOT NULL DEFAULT '', "key_id" character varying NULL, "sent_by" character varying NULL, "ticket_message_id" character varying NULL, PRIMARY KEY ("id"));
-- create index "message_channel_id_created_at_id" to table: "messages"
CREATE INDEX "message_channel_id_created_at_id" ON "messages" ("channel_id", "created_at", "id");
-- create index "message_channel_id_direction_created_at" to table: "messages"
CREATE INDEX "message_channel_id_direction_created_at" ON "messages" ("channel_id", "direction", "created_at");
-- create index "message_channel_id_wa_id_created_at" to table: "messages"
CREATE INDEX "message_channel_id_wa_id_created_at" ON "messages" ("channel_id", "wa_id", "created_at");
-- create index "message_key_id" to table: "messages"
CREATE INDEX "message_key_id" ON "messages" ("key_id");
-- create index "message_next_status_at" to table: "messages"
CREATE INDEX "message_next_status_at" ON "messages" ("next_status_at");
-- create index "message_ticket_message_id" to table: "messages"
CREATE INDEX "message_ticket_message_id" ON "messages" ("ticket_message_id");
