-- reverse: add column "sandbox_wa_id" to table: "channel_api_keys"
ALTER TABLE `channel_api_keys` DROP COLUMN `sandbox_wa_id`;
