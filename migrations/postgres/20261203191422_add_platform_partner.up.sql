-- modify "partners" table
ALTER TABLE "partners" ADD COLUMN "is_platform" boolean NOT NULL DEFAULT false;
