-- reverse: create index "sessionevent_at" to table: "session_events"
DROP INDEX `sessionevent_at`;
-- reverse: create "session_events" table
DROP TABLE `session_events`;
