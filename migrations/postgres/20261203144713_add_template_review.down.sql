-- reverse: create index "wabatemplate_status_status_changed_at" to table: "waba_templates"
DROP INDEX "wabatemplate_status_status_changed_at";
-- reverse: modify "waba_templates" table
ALTER TABLE "waba_templates" DROP COLUMN "edit_times", DROP COLUMN "modified_by", DROP COLUMN "created_by", DROP COLUMN "namespace", DROP COLUMN "rejected_detail", DROP COLUMN "rejected_reason", DROP COLUMN "status_changed_at", DROP COLUMN "external_id", ALTER COLUMN "status" SET DEFAULT 'PENDING';
