-- reverse: create index "wabatemplate_status_status_changed_at" to table: "waba_templates"
DROP INDEX `wabatemplate_status_status_changed_at`;
-- reverse: create index "wabatemplate_partner_id_created_at_id" to table: "waba_templates"
DROP INDEX `wabatemplate_partner_id_created_at_id`;
-- reverse: create index "wabatemplate_waba_id_name_language" to table: "waba_templates"
DROP INDEX `wabatemplate_waba_id_name_language`;
-- reverse: create "new_waba_templates" table
DROP TABLE `new_waba_templates`;
