-- reverse: modify "channel_api_keys" table
ALTER TABLE "channel_api_keys" DROP COLUMN "sandbox_wa_id";
