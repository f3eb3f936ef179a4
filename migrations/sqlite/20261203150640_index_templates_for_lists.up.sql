-- create index "wabatemplate_partner_id_waba_id_name_id_status" to table: "waba_templates"
CREATE INDEX `wabatemplate_partner_id_waba_id_name_id_status` ON `waba_templates` (`partner_id`, `waba_id`, `name`, `id`, `status`);
-- create index "wabatemplate_partner_id_waba_id_status_modified_at_id" to table: "waba_templates"
CREATE INDEX `wabatemplate_partner_id_waba_id_status_modified_at_id` ON `waba_templates` (`partner_id`, `waba_id`, `status`, `modified_at`, `id`);
