CREATE TYPE money_amount AS (amount numeric(12,2), currency char(3));
CREATE TYPE unused AS (a int, b text);
CREATE TABLE invoices (id int PRIMARY KEY, total money_amount);
COMMENT ON TYPE money_amount IS 'an amount';
