-- reverse: create index "user_phone_number" to table: "users"
DROP INDEX `user_phone_number`;
-- reverse: create index "users_email_key" to table: "users"
DROP INDEX `users_email_key`;
-- reverse: create "new_users" table
DROP TABLE `new_users`;
