-- reverse: create index "simulated_users_wa_id_key" to table: "simulated_users"
DROP INDEX `simulated_users_wa_id_key`;
-- reverse: create index "simulated_users_phone_number_key" to table: "simulated_users"
DROP INDEX `simulated_users_phone_number_key`;
-- reverse: create "simulated_users" table
DROP TABLE `simulated_users`;
