-- create "message_prices" table
CREATE TABLE `message_prices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `currency` text NOT NULL, `category` text NOT NULL, `price_micros` integer NOT NULL, `updated_at` datetime NOT NULL, `updated_by` text NOT NULL DEFAULT (''));
-- create index "messageprice_currency_category" to table: "message_prices"
CREATE UNIQUE INDEX `messageprice_currency_category` ON `message_prices` (`currency`, `category`);
