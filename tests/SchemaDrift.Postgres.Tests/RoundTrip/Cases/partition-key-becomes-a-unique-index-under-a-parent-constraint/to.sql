CREATE TABLE orders (id int NOT NULL, region text NOT NULL, n int) PARTITION BY LIST (region);
ALTER TABLE orders ADD CONSTRAINT orders_key UNIQUE (id, region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us (id int NOT NULL, region text NOT NULL, n int);
CREATE UNIQUE INDEX orders_us_ix ON orders_us (id, region);
ALTER TABLE orders ATTACH PARTITION orders_us FOR VALUES IN ('us');
