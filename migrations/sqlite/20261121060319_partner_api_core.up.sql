-- add column "status_before_cancellation" to table: "channels"
ALTER TABLE `channels` ADD COLUMN `status_before_cancellation` text NULL;
-- add column "status_changed_at" to table: "channels"
ALTER TABLE `channels` ADD COLUMN `status_changed_at` datetime NULL;
-- add column "health" to table: "channels"
ALTER TABLE `channels` ADD COLUMN `health` json NULL;
-- create "channel_usages" table
CREATE TABLE `channel_usages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `channel_id` text NOT NULL, `client_id` text NOT NULL, `partner_id` text NOT NULL, `day` datetime NOT NULL, `marketing` integer NOT NULL DEFAULT (0), `utility` integer NOT NULL DEFAULT (0), `authentication` integer NOT NULL DEFAULT (0), `service` integer NOT NULL DEFAULT (0), `free` integer NOT NULL DEFAULT (0), `cost_micros` integer NOT NULL DEFAULT (0));
-- create index "channelusage_channel_id_day" to table: "channel_usages"
CREATE UNIQUE INDEX `channelusage_channel_id_day` ON `channel_usages` (`channel_id`, `day`);
-- create index "channelusage_client_id_day" to table: "channel_usages"
CREATE INDEX `channelusage_client_id_day` ON `channel_usages` (`client_id`, `day`);
-- create "events" table
CREATE TABLE `events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `uid` text NOT NULL, `event` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NULL, `object_type` text NOT NULL, `object_id` text NOT NULL, `data` json NOT NULL, `created_at` datetime NOT NULL);
-- create index "events_uid_key" to table: "events"
CREATE UNIQUE INDEX `events_uid_key` ON `events` (`uid`);
-- create index "event_partner_id_created_at" to table: "events"
CREATE INDEX `event_partner_id_created_at` ON `events` (`partner_id`, `created_at`);
-- create index "event_object_type_object_id" to table: "events"
CREATE INDEX `event_object_type_object_id` ON `events` (`object_type`, `object_id`);
-- create "limit_raise_requests" table
CREATE TABLE `limit_raise_requests` (`id` text NOT NULL, `created_at` datetime NOT NULL, `modified_at` datetime NOT NULL, `partner_id` text NOT NULL, `client_id` text NOT NULL, `waba_id` text NOT NULL, `requested_limit` integer NOT NULL, `reason` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('pending'), `requested_by` text NULL, `decided_by` text NULL, `decision_note` text NOT NULL DEFAULT (''), `decided_at` datetime NULL, PRIMARY KEY (`id`));
-- create index "limitraiserequest_status_created_at" to table: "limit_raise_requests"
CREATE INDEX `limitraiserequest_status_created_at` ON `limit_raise_requests` (`status`, `created_at`);
-- create index "limitraiserequest_waba_id" to table: "limit_raise_requests"
CREATE INDEX `limitraiserequest_waba_id` ON `limit_raise_requests` (`waba_id`);
-- create "otp_challenges" table
CREATE TABLE `otp_challenges` (`id` text NOT NULL, `purpose` text NOT NULL, `subject_id` text NOT NULL, `phone_number` text NOT NULL, `partner_id` text NOT NULL, `client_id` text NULL, `method` text NOT NULL DEFAULT ('sms'), `code_hash` blob NOT NULL, `status` text NOT NULL DEFAULT ('pending'), `attempts` integer NOT NULL DEFAULT (0), `max_attempts` integer NOT NULL DEFAULT (5), `sends` integer NOT NULL DEFAULT (1), `payload` json NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `resend_at` datetime NOT NULL, `verified_at` datetime NULL, PRIMARY KEY (`id`));
-- create index "otpchallenge_purpose_subject_id_status" to table: "otp_challenges"
CREATE INDEX `otpchallenge_purpose_subject_id_status` ON `otp_challenges` (`purpose`, `subject_id`, `status`);
-- create "rate_limit_hits" table
CREATE TABLE `rate_limit_hits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `at` datetime NOT NULL);
-- create index "ratelimithit_key_at" to table: "rate_limit_hits"
CREATE INDEX `ratelimithit_key_at` ON `rate_limit_hits` (`key`, `at`);
-- create "simulator_messages" table
CREATE TABLE `simulator_messages` (`id` text NOT NULL, `phone_number` text NOT NULL, `kind` text NOT NULL, `body` text NOT NULL, `partner_id` text NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "simulatormessage_phone_number_created_at" to table: "simulator_messages"
CREATE INDEX `simulatormessage_phone_number_created_at` ON `simulator_messages` (`phone_number`, `created_at`);
-- create index "simulatormessage_created_at" to table: "simulator_messages"
CREATE INDEX `simulatormessage_created_at` ON `simulator_messages` (`created_at`);
