-- reverse: create index "user_phone_number" to table: "users"
DROP INDEX "user_phone_number";
-- reverse: modify "users" table
ALTER TABLE "users" DROP COLUMN "phone_number";
