CREATE TABLE clocks (id int PRIMARY KEY, ticks timestamp, label text);
CREATE INDEX clocks_ticks ON clocks (ticks);
