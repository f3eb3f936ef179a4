-- add column "sandbox_wa_id" to table: "channel_api_keys"
ALTER TABLE `channel_api_keys` ADD COLUMN `sandbox_wa_id` text NULL;
