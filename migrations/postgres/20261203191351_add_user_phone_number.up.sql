-- modify "users" table
ALTER TABLE "users" ADD COLUMN "phone_number" character varying NULL;
-- create index "user_phone_number" to table: "users"
CREATE INDEX "user_phone_number" ON "users" ("phone_number");
