-- reverse: modify "channel_usages" table
ALTER TABLE "channel_usages" DROP COLUMN "simulated", DROP COLUMN "service_cost_micros", DROP COLUMN "authentication_cost_micros", DROP COLUMN "utility_cost_micros", DROP COLUMN "marketing_cost_micros";
