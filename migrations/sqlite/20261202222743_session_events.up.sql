-- create "session_events" table
CREATE TABLE `session_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `session_id` text NOT NULL, `user_id` text NOT NULL);
-- create index "sessionevent_at" to table: "session_events"
CREATE INDEX `sessionevent_at` ON `session_events` (`at`);
