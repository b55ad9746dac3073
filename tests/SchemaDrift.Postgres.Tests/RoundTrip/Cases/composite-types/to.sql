CREATE TYPE money_amount AS (amount numeric(12,2), currency char(3), rate numeric);
CREATE TYPE unused AS (b text, a bigint);
CREATE TYPE address AS (street text COLLATE "C", city text);
COMMENT ON COLUMN address.city IS 'the city';
CREATE TABLE invoices (id int PRIMARY KEY, total money_amount);
CREATE TABLE customers (id int PRIMARY KEY, home address, others address[]);
