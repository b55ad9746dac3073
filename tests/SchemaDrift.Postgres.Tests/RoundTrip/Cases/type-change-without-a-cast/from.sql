CREATE TABLE clocks (id int PRIMARY KEY, ticks bigint, label text);
CREATE INDEX clocks_ticks ON clocks (ticks);
INSERT INTO clocks VALUES (1, 42, 'a');
