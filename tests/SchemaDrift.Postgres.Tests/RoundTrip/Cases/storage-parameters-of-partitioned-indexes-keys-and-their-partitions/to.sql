CREATE TABLE p (id int NOT NULL, a int) PARTITION BY RANGE (id);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
CREATE INDEX p_a ON p (a) WITH (fillfactor = 70);
ALTER INDEX p1_a_idx SET (fillfactor = 50);
ALTER TABLE p ADD CONSTRAINT p_pkey PRIMARY KEY (id) WITH (fillfactor = 80);
ALTER INDEX p1_pkey SET (deduplicate_items = off);
