-- create "audit_logs" table
CREATE TABLE "audit_logs" ("id" character varying NOT NULL, "occurred_at" timestamptz NOT NULL, "actor_user_id" character varying NULL, "actor_role" character varying NOT NULL DEFAULT '', "action" character varying NOT NULL, "object_type" character varying NOT NULL, "object_id" character varying NOT NULL, "partner_id" character varying NULL, "client_id" character varying NULL, "request_id" character varying NOT NULL DEFAULT '', "details" jsonb NULL, PRIMARY KEY ("id"));
-- create index "auditlog_client_id_occurred_at" to table: "audit_logs"
CREATE INDEX "auditlog_client_id_occurred_at" ON "audit_logs" ("client_id", "occurred_at");
-- create index "auditlog_object_type_object_id_occurred_at" to table: "audit_logs"
CREATE INDEX "auditlog_object_type_object_id_occurred_at" ON "audit_logs" ("object_type", "object_id", "occurred_at");
-- create index "auditlog_partner_id_occurred_at" to table: "audit_logs"
CREATE INDEX "auditlog_partner_id_occurred_at" ON "audit_logs" ("partner_id", "occurred_at");
-- create "login_throttles" table
CREATE TABLE "login_throttles" ("id" character varying NOT NULL, "failures" bigint NOT NULL DEFAULT 0, "last_failure_at" timestamptz NOT NULL, "locked_until" timestamptz NULL, PRIMARY KEY ("id"));
-- create "partners" table
CREATE TABLE "partners" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "brand_name" character varying NOT NULL, "logo_url" character varying NULL, "country" character varying NOT NULL DEFAULT '', "webhook_url" character varying NULL, "partner_redirect_url" character varying NULL, "allow_client_to_add_phone_no" boolean NOT NULL DEFAULT true, "auto_approve" boolean NOT NULL DEFAULT false, "default_storage_region" character varying NULL, "billing_model" character varying NOT NULL DEFAULT 'partner_payment', "billing_system" character varying NOT NULL DEFAULT 'default', "partner_plan" character varying NOT NULL DEFAULT 'sandbox', "partner_tier" character varying NOT NULL DEFAULT 'none', "status" character varying NOT NULL DEFAULT 'active', "solution_id" character varying NULL, "settings" jsonb NULL, PRIMARY KEY ("id"));
-- create index "partner_created_at" to table: "partners"
CREATE INDEX "partner_created_at" ON "partners" ("created_at");
-- create "system_settings" table
CREATE TABLE "system_settings" ("id" character varying NOT NULL, "value" bytea NOT NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create "clients" table
CREATE TABLE "clients" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "name" character varying NOT NULL, "organisation" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'active', "partner_payload" character varying NOT NULL DEFAULT '', "max_channels" bigint NOT NULL DEFAULT 10, "plan" character varying NOT NULL DEFAULT 'basic', "contact_info" jsonb NULL, "contact_user" jsonb NULL, "meta_info" jsonb NULL, "point_of_contact" jsonb NULL, "suspicious" boolean NOT NULL DEFAULT false, "created_by" character varying NULL, "modified_by" character varying NULL, "partner_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "clients_partners_clients" FOREIGN KEY ("partner_id") REFERENCES "partners" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "clientaccount_partner_id_created_at" to table: "clients"
CREATE INDEX "clientaccount_partner_id_created_at" ON "clients" ("partner_id", "created_at");
-- create index "clientaccount_partner_id_name" to table: "clients"
CREATE INDEX "clientaccount_partner_id_name" ON "clients" ("partner_id", "name");
-- create "wabas" table
CREATE TABLE "wabas" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "partner_id" character varying NOT NULL, "external_id" character varying NULL, "name" character varying NOT NULL, "namespace" character varying NOT NULL DEFAULT '', "fb_account_status" character varying NOT NULL DEFAULT 'not_verified', "currency" character varying NOT NULL DEFAULT 'USD', "timezone" character varying NOT NULL DEFAULT 'UTC', "number_limit" bigint NOT NULL DEFAULT 25, "client_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "wabas_clients_wabas" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "waba_client_id" to table: "wabas"
CREATE INDEX "waba_client_id" ON "wabas" ("client_id");
-- create index "waba_partner_id" to table: "wabas"
CREATE INDEX "waba_partner_id" ON "wabas" ("partner_id");
-- create "channels" table
CREATE TABLE "channels" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "partner_id" character varying NOT NULL, "external_id" character varying NULL, "phone_number" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'created', "account_mode" character varying NOT NULL DEFAULT 'sandbox', "current_quality_rating" character varying NOT NULL DEFAULT 'UNKNOWN', "current_limit" character varying NOT NULL DEFAULT 'TIER_250', "hosting_type" character varying NOT NULL DEFAULT 'cloud', "support_plan" character varying NOT NULL DEFAULT 'basic', "key_permission" character varying NOT NULL DEFAULT 'missing', "setup_info" jsonb NULL, "profile_info" jsonb NULL, "webhook_url" character varying NULL, "webhook_headers" jsonb NULL, "local_storage_region" character varying NULL, "is_migrated" boolean NOT NULL DEFAULT false, "billing_started_at" timestamptz NULL, "cancelled_at" timestamptz NULL, "terminated_at" timestamptz NULL, "client_id" character varying NOT NULL, "waba_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "channels_clients_channels" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "channels_wabas_channels" FOREIGN KEY ("waba_id") REFERENCES "wabas" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "channel_client_id" to table: "channels"
CREATE INDEX "channel_client_id" ON "channels" ("client_id");
-- create index "channel_partner_id_created_at" to table: "channels"
CREATE INDEX "channel_partner_id_created_at" ON "channels" ("partner_id", "created_at");
-- create index "channel_partner_id_status" to table: "channels"
CREATE INDEX "channel_partner_id_status" ON "channels" ("partner_id", "status");
-- create index "channel_phone_number" to table: "channels"
CREATE INDEX "channel_phone_number" ON "channels" ("phone_number");
-- create index "channel_waba_id" to table: "channels"
CREATE INDEX "channel_waba_id" ON "channels" ("waba_id");
-- create "users" table
CREATE TABLE "users" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL DEFAULT '', "role" character varying NOT NULL, "password_hash" character varying NOT NULL, "must_change_password" boolean NOT NULL DEFAULT false, "disabled" boolean NOT NULL DEFAULT false, "languages" jsonb NULL, "password_changed_at" timestamptz NULL, "last_login_at" timestamptz NULL, "client_id" character varying NULL, "partner_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "users_clients_users" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "users_partners_users" FOREIGN KEY ("partner_id") REFERENCES "partners" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
-- create "refresh_tokens" table
CREATE TABLE "refresh_tokens" ("id" character varying NOT NULL, "family_id" character varying NOT NULL, "token_hash" bytea NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "rotated_at" timestamptz NULL, "revoked_at" timestamptz NULL, "user_agent" character varying NOT NULL DEFAULT '', "ip" character varying NOT NULL DEFAULT '', "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "refresh_tokens_users_refresh_tokens" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash");
-- create index "refreshtoken_family_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_family_id" ON "refresh_tokens" ("family_id");
-- create index "refreshtoken_user_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_user_id" ON "refresh_tokens" ("user_id");
