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
-- modify "partners" table
ALTER TABLE "partners" ADD COLUMN "pcr_execution" character varying NOT NULL DEFAULT 'immediate';
-- create "kb_articles" table
CREATE TABLE "kb_articles" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "topic" character varying NOT NULL, "title" character varying NOT NULL, "body" text NOT NULL DEFAULT '', "url" character varying NULL, "language" character varying NOT NULL DEFAULT 'en', "published" boolean NOT NULL DEFAULT true, "created_by" character varying NULL, PRIMARY KEY ("id"));
-- create index "kbarticle_topic_published" to table: "kb_articles"
CREATE INDEX "kbarticle_topic_published" ON "kb_articles" ("topic", "published");
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
-- modify "clients" table
ALTER TABLE "clients" ADD COLUMN "terms_version" character varying NULL, ADD COLUMN "terms_accepted_at" timestamptz NULL, ADD COLUMN "cloned_from" character varying NULL;
-- create "waba_templates" table
CREATE TABLE "waba_templates" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NOT NULL, "waba_id" character varying NOT NULL, "name" character varying NOT NULL, "language" character varying NOT NULL, "category" character varying NOT NULL DEFAULT 'UTILITY', "status" character varying NOT NULL DEFAULT 'PENDING', "quality_score" character varying NOT NULL DEFAULT 'UNKNOWN', "components" jsonb NULL, "copied_from" character varying NULL, PRIMARY KEY ("id"));
-- create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
CREATE INDEX "wabatemplate_partner_id_created_at_id" ON "waba_templates" ("partner_id", "created_at", "id");
-- create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
CREATE UNIQUE INDEX "wabatemplate_waba_id_name_language" ON "waba_templates" ("waba_id", "name", "language");
-- modify "channels" table
ALTER TABLE "channels" ADD COLUMN "locked_by" character varying NULL;
-- create "tickets" table
CREATE TABLE "tickets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "modified_at" timestamptz NOT NULL, "requester_user_id" character varying NOT NULL, "requester_kind" character varying NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NULL, "channel_id" character varying NULL, "source" character varying NOT NULL, "topic" character varying NOT NULL, "severity" character varying NOT NULL, "language" character varying NOT NULL DEFAULT 'en', "subject" character varying NOT NULL, "description" text NOT NULL DEFAULT '', "details" jsonb NULL, "status" character varying NOT NULL DEFAULT 'new', "assignee_id" character varying NULL, "language_fallback" boolean NOT NULL DEFAULT false, "escalated" boolean NOT NULL DEFAULT false, "escalation_reason" character varying NOT NULL DEFAULT '', "escalated_at" timestamptz NULL, "plan" character varying NOT NULL, "support_package" character varying NOT NULL, "policy_version" bigint NOT NULL, "opened_at" timestamptz NOT NULL, "entered_by" character varying NULL, "first_response_at" timestamptz NULL, "resolved_at" timestamptz NULL, "closed_at" timestamptz NULL, "cycle" bigint NOT NULL DEFAULT 1, "next_due_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "ticket_assignee_id_status" to table: "tickets"
CREATE INDEX "ticket_assignee_id_status" ON "tickets" ("assignee_id", "status");
-- create index "ticket_client_id_created_at_id" to table: "tickets"
CREATE INDEX "ticket_client_id_created_at_id" ON "tickets" ("client_id", "created_at", "id");
-- create index "ticket_opened_at" to table: "tickets"
CREATE INDEX "ticket_opened_at" ON "tickets" ("opened_at");
-- create index "ticket_partner_id_created_at_id" to table: "tickets"
CREATE INDEX "ticket_partner_id_created_at_id" ON "tickets" ("partner_id", "created_at", "id");
-- create index "ticket_requester_user_id_topic_status" to table: "tickets"
CREATE INDEX "ticket_requester_user_id_topic_status" ON "tickets" ("requester_user_id", "topic", "status");
-- create index "ticket_status_escalated_next_due_at_id" to table: "tickets"
CREATE INDEX "ticket_status_escalated_next_due_at_id" ON "tickets" ("status", "escalated", "next_due_at", "id");
-- create "sla_policies" table
CREATE TABLE "sla_policies" ("id" character varying NOT NULL, "version" bigint NOT NULL, "draft" jsonb NOT NULL, "note" character varying NOT NULL DEFAULT '', "created_by" character varying NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create index "sla_policies_version_key" to table: "sla_policies"
CREATE UNIQUE INDEX "sla_policies_version_key" ON "sla_policies" ("version");
-- create "ticket_changes" table
CREATE TABLE "ticket_changes" ("id" bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, "partner_id" character varying NOT NULL, "client_id" character varying NULL, "at" timestamptz NOT NULL, "field" character varying NOT NULL, "from_value" character varying NOT NULL DEFAULT '', "to_value" character varying NOT NULL DEFAULT '', "actor_user_id" character varying NULL, "reason" character varying NOT NULL DEFAULT '', "ticket_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "ticket_changes_tickets_changes" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "ticketchange_ticket_id_at_id" to table: "ticket_changes"
CREATE INDEX "ticketchange_ticket_id_at_id" ON "ticket_changes" ("ticket_id", "at", "id");
-- create "ticket_messages" table
CREATE TABLE "ticket_messages" ("id" character varying NOT NULL, "partner_id" character varying NOT NULL, "client_id" character varying NULL, "kind" character varying NOT NULL, "author_side" character varying NOT NULL, "author_user_id" character varying NULL, "body" text NOT NULL, "keys_masked" bigint NOT NULL DEFAULT 0, "created_at" timestamptz NOT NULL, "seq" bigint NOT NULL DEFAULT 0, "ticket_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "ticket_messages_tickets_messages" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "ticketmessage_ticket_id_created_at" to table: "ticket_messages"
CREATE INDEX "ticketmessage_ticket_id_created_at" ON "ticket_messages" ("ticket_id", "created_at");
-- create "ticket_sla_records" table
CREATE TABLE "ticket_sla_records" ("id" bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, "partner_id" character varying NOT NULL, "client_id" character varying NULL, "metric" character varying NOT NULL, "cycle" bigint NOT NULL, "kind" character varying NOT NULL, "intended_at" timestamptz NOT NULL, "recorded_at" timestamptz NOT NULL, "soft" boolean NOT NULL DEFAULT false, "recorded_by" character varying NOT NULL DEFAULT '', "ticket_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "ticket_sla_records_tickets_sla_records" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "ticketslarecord_intended_at" to table: "ticket_sla_records"
CREATE INDEX "ticketslarecord_intended_at" ON "ticket_sla_records" ("intended_at");
-- create index "ticketslarecord_partner_id_intended_at" to table: "ticket_sla_records"
CREATE INDEX "ticketslarecord_partner_id_intended_at" ON "ticket_sla_records" ("partner_id", "intended_at");
-- create index "ticketslarecord_ticket_id_metric_cycle_kind" to table: "ticket_sla_records"
CREATE UNIQUE INDEX "ticketslarecord_ticket_id_metric_cycle_kind" ON "ticket_sla_records" ("ticket_id", "metric", "cycle", "kind");
-- create "ticket_timers" table
CREATE TABLE "ticket_timers" ("id" bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, "partner_id" character varying NOT NULL, "client_id" character varying NULL, "metric" character varying NOT NULL, "cycle" bigint NOT NULL, "started_at" timestamptz NOT NULL, "target_seconds" bigint NOT NULL DEFAULT 0, "calendar" character varying NOT NULL DEFAULT '', "rule" bigint NOT NULL DEFAULT 0, "soft" boolean NOT NULL DEFAULT false, "due_at" timestamptz NULL, "warning_at" timestamptz NULL, "paused_since" timestamptz NULL, "stopped_at" timestamptz NULL, "met" boolean NOT NULL DEFAULT false, "next_warning_at" timestamptz NULL, "next_breach_at" timestamptz NULL, "ticket_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "ticket_timers_tickets_timers" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "tickettimer_next_breach_at" to table: "ticket_timers"
CREATE INDEX "tickettimer_next_breach_at" ON "ticket_timers" ("next_breach_at") WHERE (next_breach_at IS NOT NULL);
-- create index "tickettimer_next_warning_at" to table: "ticket_timers"
CREATE INDEX "tickettimer_next_warning_at" ON "ticket_timers" ("next_warning_at") WHERE (next_warning_at IS NOT NULL);
-- create index "tickettimer_ticket_id_metric_cycle" to table: "ticket_timers"
CREATE UNIQUE INDEX "tickettimer_ticket_id_metric_cycle" ON "ticket_timers" ("ticket_id", "metric", "cycle");
