-- reverse: add column "status_before_cancellation" to table: "channels"
ALTER TABLE `channels` DROP COLUMN `status_before_cancellation`;
