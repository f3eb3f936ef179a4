-- modify "channels" table
ALTER TABLE "channels" ADD COLUMN "locked_by" character varying NULL;
-- modify "clients" table
ALTER TABLE "clients" ADD COLUMN "terms_version" character varying NULL, ADD COLUMN "terms_accepted_at" timestamptz NULL, ADD COLUMN "cloned_from" character varying NULL;
-- modify "partners" table
ALTER TABLE "partners" ADD COLUMN "pcr_execution" character varying NOT NULL DEFAULT 'immediate';
-- create "number_blocks" table
CREATE TABLE "number_blocks" ("id" character varying NOT NULL, "blocked_until" timestamptz NULL, "modified_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create "number_migrations" table
CREATE TABLE "number_migrations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "kind" character varying NOT NULL, "phone_number" character varying NOT NULL, "target_waba_id" character varying NOT NULL, "source_channel_id" character varying NULL, "source_waba_id" character varying NULL, "channel_id" character varying NULL, "display_name" character varying NOT NULL DEFAULT '', "two_step_disabled_confirmed" boolean NOT NULL DEFAULT false, "status" character varying NOT NULL DEFAULT 'created', "otp_challenge_id" character varying NULL, "otp_method" character varying NULL, "reason" character varying NOT NULL DEFAULT '', "carried_over" jsonb NULL, "requested_by" character varying NULL, "expires_at" timestamptz NOT NULL, "finished_at" timestamptz NULL, "open_number" character varying NULL, PRIMARY KEY ("id"));
-- create index "number_migrations_open_number_key" to table: "number_migrations"
CREATE UNIQUE INDEX "number_migrations_open_number_key" ON "number_migrations" ("open_number");
-- create index "numbermigration_client_id_created_at_id" to table: "number_migrations"
CREATE INDEX "numbermigration_client_id_created_at_id" ON "number_migrations" ("client_id", "created_at", "id");
-- create index "numbermigration_partner_id_created_at_id" to table: "number_migrations"
CREATE INDEX "numbermigration_partner_id_created_at_id" ON "number_migrations" ("partner_id", "created_at", "id");
-- create index "numbermigration_phone_number_status" to table: "number_migrations"
CREATE INDEX "numbermigration_phone_number_status" ON "number_migrations" ("phone_number", "status");
-- create index "numbermigration_status_expires_at" to table: "number_migrations"
CREATE INDEX "numbermigration_status_expires_at" ON "number_migrations" ("status", "expires_at");
-- create "partner_change_requests" table
CREATE TABLE "partner_change_requests" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "target_partner_id" character varying NOT NULL, "target_client_id" character varying NULL, "is_full_migration" boolean NOT NULL, "channel_ids" jsonb NOT NULL, "status" character varying NOT NULL DEFAULT 'created', "execution" character varying NOT NULL DEFAULT 'immediate', "execute_after" timestamptz NULL, "terms_version" character varying NOT NULL, "terms_accepted_at" timestamptz NOT NULL, "requested_by" character varying NULL, "decided_by" character varying NULL, "decided_at" timestamptz NULL, "reason" character varying NOT NULL DEFAULT '', "finished_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "partnerchangerequest_client_id_status" to table: "partner_change_requests"
CREATE INDEX "partnerchangerequest_client_id_status" ON "partner_change_requests" ("client_id", "status");
-- create index "partnerchangerequest_partner_id_created_at_id" to table: "partner_change_requests"
CREATE INDEX "partnerchangerequest_partner_id_created_at_id" ON "partner_change_requests" ("partner_id", "created_at", "id");
-- create index "partnerchangerequest_status_execute_after" to table: "partner_change_requests"
CREATE INDEX "partnerchangerequest_status_execute_after" ON "partner_change_requests" ("status", "execute_after");
-- create index "partnerchangerequest_target_partner_id_created_at_id" to table: "partner_change_requests"
CREATE INDEX "partnerchangerequest_target_partner_id_created_at_id" ON "partner_change_requests" ("target_partner_id", "created_at", "id");
-- create "registration_attempts" table
CREATE TABLE "registration_attempts" ("id" character varying NOT NULL, "phone_number" character varying NOT NULL, "kind" character varying NOT NULL, "at" timestamptz NOT NULL, "partner_id" character varying NULL, "object_id" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "registrationattempt_phone_number_at" to table: "registration_attempts"
CREATE INDEX "registrationattempt_phone_number_at" ON "registration_attempts" ("phone_number", "at");
-- create "waba_templates" table
CREATE TABLE "waba_templates" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "waba_id" character varying NOT NULL, "name" character varying NOT NULL, "language" character varying NOT NULL, "category" character varying NOT NULL DEFAULT 'UTILITY', "status" character varying NOT NULL DEFAULT 'PENDING', "quality_score" character varying NOT NULL DEFAULT 'UNKNOWN', "components" jsonb NULL, "copied_from" character varying NULL, PRIMARY KEY ("id"));
-- create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
CREATE INDEX "wabatemplate_partner_id_created_at_id" ON "waba_templates" ("partner_id", "created_at", "id");
-- create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
CREATE UNIQUE INDEX "wabatemplate_waba_id_name_language" ON "waba_templates" ("waba_id", "name", "language");
