-- create "channel_photos" table
CREATE TABLE "channel_photos" ("id" character varying NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "content_type" character varying NOT NULL, "data" bytea NOT NULL, "width" bigint NOT NULL, "height" bigint NOT NULL, "updated_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
