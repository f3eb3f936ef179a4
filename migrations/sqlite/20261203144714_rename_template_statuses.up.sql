-- the template statuses of the 360dialog API (lower case; Meta's PENDING is submitted)
UPDATE `waba_templates` SET `status` = CASE `status` WHEN 'APPROVED' THEN 'approved' WHEN 'PENDING' THEN 'submitted' WHEN 'REJECTED' THEN 'rejected' WHEN 'PAUSED' THEN 'paused' WHEN 'DISABLED' THEN 'disabled' ELSE `status` END, `status_changed_at` = COALESCE(`status_changed_at`, `modified_at`);
