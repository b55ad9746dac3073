CREATE TYPE amount AS (value numeric(10,2), currency char(3), note text);
CREATE TABLE bills (id int PRIMARY KEY, due amount, paid amount[]);
INSERT INTO bills VALUES (1, ROW(1.5, 'EUR', 'x'), ARRAY[ROW(1, 'EUR', NULL)::amount]);
CREATE VIEW bill_values AS SELECT id, (due).value FROM bills;
