-- reverse: create index "partner_created_at" to table: "partners"
DROP INDEX `partner_created_at`;
-- reverse: create "new_partners" table
DROP TABLE `new_partners`;
