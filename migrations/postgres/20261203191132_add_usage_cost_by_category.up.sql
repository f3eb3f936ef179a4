-- modify "channel_usages" table
ALTER TABLE "channel_usages" ADD COLUMN "marketing_cost_micros" bigint NOT NULL DEFAULT 0, ADD COLUMN "utility_cost_micros" bigint NOT NULL DEFAULT 0, ADD COLUMN "authentication_cost_micros" bigint NOT NULL DEFAULT 0, ADD COLUMN "service_cost_micros" bigint NOT NULL DEFAULT 0, ADD COLUMN "simulated" boolean NOT NULL DEFAULT false;
