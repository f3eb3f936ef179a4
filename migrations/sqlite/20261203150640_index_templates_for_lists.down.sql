-- reverse: create index "wabatemplate_partner_id_waba_id_status_modified_at_id" to table: "waba_templates"
DROP INDEX `wabatemplate_partner_id_waba_id_status_modified_at_id`;
-- reverse: create index "wabatemplate_partner_id_waba_id_name_id_status" to table: "waba_templates"
DROP INDEX `wabatemplate_partner_id_waba_id_name_id_status`;
