-- modify "channel_api_keys" table
ALTER TABLE "channel_api_keys" ADD COLUMN "sandbox_wa_id" character varying NULL;
