-- reverse: create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
DROP INDEX `wabatemplate_partner_id_created_at_id`;
-- reverse: create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
DROP INDEX `wabatemplate_waba_id_name_language`;
-- reverse: create "waba_templates" table
DROP TABLE `waba_templates`;
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
