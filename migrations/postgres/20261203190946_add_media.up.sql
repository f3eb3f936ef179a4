-- create "media" table
CREATE TABLE "media" ("id" character varying NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "channel_id" character varying NOT NULL, "type" character varying NOT NULL, "mime_type" character varying NOT NULL, "sha256" character varying NOT NULL, "file_size" bigint NOT NULL, "filename" character varying NOT NULL DEFAULT '', "data" bytea NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create index "media_channel_id_created_at" to table: "media"
CREATE INDEX "media_channel_id_created_at" ON "media" ("channel_id", "created_at");
-- create index "media_expires_at" to table: "media"
CREATE INDEX "media_expires_at" ON "media" ("expires_at");
