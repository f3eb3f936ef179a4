-- reverse: create index "ticket_whatsapp_wa_id_status" to table: "tickets"
DROP INDEX `ticket_whatsapp_wa_id_status`;
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
-- reverse: create "new_tickets" table
DROP TABLE `new_tickets`;
