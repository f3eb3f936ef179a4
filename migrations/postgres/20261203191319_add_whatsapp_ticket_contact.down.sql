-- reverse: create index "ticket_whatsapp_wa_id_status" to table: "tickets"
DROP INDEX "ticket_whatsapp_wa_id_status";
-- reverse: modify "tickets" table
ALTER TABLE "tickets" DROP COLUMN "whatsapp_wa_id";
