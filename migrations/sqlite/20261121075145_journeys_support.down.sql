-- reverse: create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
DROP INDEX `wabatemplate_partner_id_created_at_id`;
-- reverse: create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
DROP INDEX `wabatemplate_waba_id_name_language`;
-- reverse: create "waba_templates" table
DROP TABLE `waba_templates`;
-- reverse: create index "tickettimer_next_breach_at" to table: "ticket_timers"
DROP INDEX `tickettimer_next_breach_at`;
-- reverse: create index "tickettimer_next_warning_at" to table: "ticket_timers"
DROP INDEX `tickettimer_next_warning_at`;
-- reverse: create index "tickettimer_ticket_id_metric_cycle" to table: "ticket_timers"
DROP INDEX `tickettimer_ticket_id_metric_cycle`;
-- reverse: create "ticket_timers" table
DROP TABLE `ticket_timers`;
-- reverse: create index "ticketslarecord_intended_at" to table: "ticket_sla_records"
DROP INDEX `ticketslarecord_intended_at`;
-- reverse: create index "ticketslarecord_partner_id_intended_at" to table: "ticket_sla_records"
DROP INDEX `ticketslarecord_partner_id_intended_at`;
-- reverse: create index "ticketslarecord_ticket_id_metric_cycle_kind" to table: "ticket_sla_records"
DROP INDEX `ticketslarecord_ticket_id_metric_cycle_kind`;
-- reverse: create "ticket_sla_records" table
DROP TABLE `ticket_sla_records`;
-- reverse: create index "ticketmessage_ticket_id_created_at" to table: "ticket_messages"
DROP INDEX `ticketmessage_ticket_id_created_at`;
-- reverse: create "ticket_messages" table
DROP TABLE `ticket_messages`;
-- reverse: create index "ticketchange_ticket_id_at_id" to table: "ticket_changes"
DROP INDEX `ticketchange_ticket_id_at_id`;
-- reverse: create "ticket_changes" table
DROP TABLE `ticket_changes`;
-- reverse: create index "ticket_opened_at" to table: "tickets"
DROP INDEX `ticket_opened_at`;
-- reverse: create index "ticket_requester_user_id_topic_status" to table: "tickets"
DROP INDEX `ticket_requester_user_id_topic_status`;
-- reverse: create index "ticket_assignee_id_status" to table: "tickets"
DROP INDEX `ticket_assignee_id_status`;
-- reverse: create index "ticket_status_escalated_next_due_at_id" to table: "tickets"
DROP INDEX `ticket_status_escalated_next_due_at_id`;
-- reverse: create index "ticket_client_id_created_at_id" to table: "tickets"
DROP INDEX `ticket_client_id_created_at_id`;
-- reverse: create index "ticket_partner_id_created_at_id" to table: "tickets"
DROP INDEX `ticket_partner_id_created_at_id`;
-- reverse: create "tickets" table
DROP TABLE `tickets`;
-- reverse: create index "sla_policies_version_key" to table: "sla_policies"
DROP INDEX `sla_policies_version_key`;
-- reverse: create "sla_policies" table
DROP TABLE `sla_policies`;
-- reverse: create index "registrationattempt_phone_number_at" to table: "registration_attempts"
DROP INDEX `registrationattempt_phone_number_at`;
-- reverse: create "registration_attempts" table
DROP TABLE `registration_attempts`;
-- reverse: create index "partnerchangerequest_status_execute_after" to table: "partner_change_requests"
DROP INDEX `partnerchangerequest_status_execute_after`;
-- reverse: create index "partnerchangerequest_client_id_status" to table: "partner_change_requests"
DROP INDEX `partnerchangerequest_client_id_status`;
-- reverse: create index "partnerchangerequest_partner_id_created_at_id" to table: "partner_change_requests"
DROP INDEX `partnerchangerequest_partner_id_created_at_id`;
-- reverse: create index "partnerchangerequest_target_partner_id_created_at_id" to table: "partner_change_requests"
DROP INDEX `partnerchangerequest_target_partner_id_created_at_id`;
-- reverse: create "partner_change_requests" table
DROP TABLE `partner_change_requests`;
-- reverse: create index "numbermigration_status_expires_at" to table: "number_migrations"
DROP INDEX `numbermigration_status_expires_at`;
-- reverse: create index "numbermigration_phone_number_status" to table: "number_migrations"
DROP INDEX `numbermigration_phone_number_status`;
-- reverse: create index "numbermigration_client_id_created_at_id" to table: "number_migrations"
DROP INDEX `numbermigration_client_id_created_at_id`;
-- reverse: create index "numbermigration_partner_id_created_at_id" to table: "number_migrations"
DROP INDEX `numbermigration_partner_id_created_at_id`;
-- reverse: create index "number_migrations_open_number_key" to table: "number_migrations"
DROP INDEX `number_migrations_open_number_key`;
-- reverse: create "number_migrations" table
DROP TABLE `number_migrations`;
-- reverse: create "number_blocks" table
DROP TABLE `number_blocks`;
-- reverse: create index "kbarticle_topic_published" to table: "kb_articles"
DROP INDEX `kbarticle_topic_published`;
-- reverse: create "kb_articles" table
DROP TABLE `kb_articles`;
-- reverse: create index "partner_created_at" to table: "partners"
DROP INDEX `partner_created_at`;
-- reverse: create "new_partners" table
DROP TABLE `new_partners`;
-- reverse: add column "cloned_from" to table: "clients"
ALTER TABLE `clients` DROP COLUMN `cloned_from`;
-- reverse: add column "terms_accepted_at" to table: "clients"
ALTER TABLE `clients` DROP COLUMN `terms_accepted_at`;
-- reverse: add column "terms_version" to table: "clients"
ALTER TABLE `clients` DROP COLUMN `terms_version`;
-- reverse: add column "locked_by" to table: "channels"
ALTER TABLE `channels` DROP COLUMN `locked_by`;
