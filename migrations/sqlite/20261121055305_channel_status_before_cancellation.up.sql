-- add column "status_before_cancellation" to table: "channels"
ALTER TABLE `channels` ADD COLUMN `status_before_cancellation` text NULL;
