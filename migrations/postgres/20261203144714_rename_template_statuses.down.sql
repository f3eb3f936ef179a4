-- back to Meta's upper-case statuses (deleted templates were not kept before)
DELETE FROM "waba_templates" WHERE "status" = 'deleted';
UPDATE "waba_templates" SET "status" = CASE "status" WHEN 'approved' THEN 'APPROVED' WHEN 'submitted' THEN 'PENDING' WHEN 'rejected' THEN 'REJECTED' WHEN 'paused' THEN 'PAUSED' WHEN 'disabled' THEN 'DISABLED' ELSE "status" END;
