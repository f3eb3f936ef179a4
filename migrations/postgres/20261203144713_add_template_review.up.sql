-- modify "waba_templates" table
ALTER TABLE "waba_templates" ALTER COLUMN "status" SET DEFAULT 'submitted', ADD COLUMN "external_id" character varying NULL, ADD COLUMN "status_changed_at" timestamptz NULL, ADD COLUMN "rejected_reason" character varying NULL, ADD COLUMN "rejected_detail" character varying NULL, ADD COLUMN "namespace" character varying NOT NULL DEFAULT '', ADD COLUMN "created_by" character varying NULL, ADD COLUMN "modified_by" character varying NULL, ADD COLUMN "edit_times" jsonb NULL;
-- create index "wabatemplate_status_status_changed_at" to table: "waba_templates"
CREATE INDEX "wabatemplate_status_status_changed_at" ON "waba_templates" ("status", "status_changed_at");
