CREATE TABLE items (id int NOT NULL, sku text NOT NULL) PARTITION BY RANGE (id);
CREATE UNIQUE INDEX items_id ON ONLY items (id);
CREATE TABLE items_low (id int NOT NULL, sku text NOT NULL);
ALTER TABLE items_low ADD CONSTRAINT items_low_key UNIQUE (id);
ALTER TABLE items ATTACH PARTITION items_low FOR VALUES FROM (0) TO (1000);
ALTER INDEX items_id ATTACH PARTITION items_low_key;
