-- reverse: create index "simulatormessage_created_at" to table: "simulator_messages"
DROP INDEX `simulatormessage_created_at`;
-- reverse: create index "simulatormessage_phone_number_created_at" to table: "simulator_messages"
DROP INDEX `simulatormessage_phone_number_created_at`;
-- reverse: create "simulator_messages" table
DROP TABLE `simulator_messages`;
-- reverse: create index "ratelimithit_key_at" to table: "rate_limit_hits"
DROP INDEX `ratelimithit_key_at`;
-- reverse: create "rate_limit_hits" table
DROP TABLE `rate_limit_hits`;
-- reverse: create index "otpchallenge_purpose_subject_id_status" to table: "otp_challenges"
DROP INDEX `otpchallenge_purpose_subject_id_status`;
-- reverse: create "otp_challenges" table
DROP TABLE `otp_challenges`;
-- reverse: create index "limitraiserequest_waba_id" to table: "limit_raise_requests"
DROP INDEX `limitraiserequest_waba_id`;
-- reverse: create index "limitraiserequest_status_created_at" to table: "limit_raise_requests"
DROP INDEX `limitraiserequest_status_created_at`;
-- reverse: create "limit_raise_requests" table
DROP TABLE `limit_raise_requests`;
-- reverse: create index "event_object_type_object_id" to table: "events"
DROP INDEX `event_object_type_object_id`;
-- reverse: create index "event_partner_id_created_at" to table: "events"
DROP INDEX `event_partner_id_created_at`;
-- reverse: create index "events_uid_key" to table: "events"
DROP INDEX `events_uid_key`;
-- reverse: create "events" table
DROP TABLE `events`;
-- reverse: create index "channelusage_client_id_day" to table: "channel_usages"
DROP INDEX `channelusage_client_id_day`;
-- reverse: create index "channelusage_channel_id_day" to table: "channel_usages"
DROP INDEX `channelusage_channel_id_day`;
-- reverse: create "channel_usages" table
DROP TABLE `channel_usages`;
-- reverse: add column "health" to table: "channels"
ALTER TABLE `channels` DROP COLUMN `health`;
-- reverse: add column "status_changed_at" to table: "channels"
ALTER TABLE `channels` DROP COLUMN `status_changed_at`;
-- reverse: add column "status_before_cancellation" to table: "channels"
ALTER TABLE `channels` DROP COLUMN `status_before_cancellation`;
