CREATE TYPE amount AS (value numeric(14,4), currency varchar(3));
CREATE TABLE bills (id int PRIMARY KEY, due amount, paid amount[]);
CREATE VIEW bill_values AS SELECT id, (due).value FROM bills;
