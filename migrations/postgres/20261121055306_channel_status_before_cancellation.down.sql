-- reverse: modify "channels" table
ALTER TABLE "channels" DROP COLUMN "status_before_cancellation";
