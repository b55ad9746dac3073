CREATE TABLE orders (id int NOT NULL, region text NOT NULL, n int) PARTITION BY LIST (region);
ALTER TABLE orders ADD CONSTRAINT orders_key UNIQUE (id, region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us (id int NOT NULL, region text NOT NULL, n int);
ALTER TABLE orders_us ADD CONSTRAINT orders_us_pk PRIMARY KEY (id, region);
ALTER TABLE orders ATTACH PARTITION orders_us FOR VALUES IN ('us');
