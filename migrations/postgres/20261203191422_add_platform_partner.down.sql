-- reverse: modify "partners" table
ALTER TABLE "partners" DROP COLUMN "is_platform";
