-- modify "channels" table
ALTER TABLE "channels" ADD COLUMN "status_before_cancellation" character varying NULL;
