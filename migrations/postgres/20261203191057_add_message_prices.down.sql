-- reverse: create index "messageprice_currency_category" to table: "message_prices"
DROP INDEX "messageprice_currency_category";
-- reverse: create "message_prices" table
DROP TABLE "message_prices";
