-- modify "tickets" table
ALTER TABLE "tickets" ADD COLUMN "whatsapp_wa_id" character varying NULL;
-- create index "ticket_whatsapp_wa_id_status" to table: "tickets"
CREATE INDEX "ticket_whatsapp_wa_id_status" ON "tickets" ("whatsapp_wa_id", "status");
