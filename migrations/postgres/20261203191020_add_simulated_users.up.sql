-- create "simulated_users" table
CREATE TABLE "simulated_users" ("id" character varying NOT NULL, "phone_number" character varying NOT NULL, "wa_id" character varying NOT NULL, "name" character varying NOT NULL, "on_whatsapp" boolean NOT NULL DEFAULT true, "reachable" boolean NOT NULL DEFAULT true, "blocks_business" boolean NOT NULL DEFAULT false, "read_receipts" boolean NOT NULL DEFAULT true, "language" character varying NOT NULL DEFAULT 'en', "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create index "simulated_users_phone_number_key" to table: "simulated_users"
CREATE UNIQUE INDEX "simulated_users_phone_number_key" ON "simulated_users" ("phone_number");
-- create index "simulated_users_wa_id_key" to table: "simulated_users"
CREATE UNIQUE INDEX "simulated_users_wa_id_key" ON "simulated_users" ("wa_id");
