CREATE TABLE t (a int, b int4range, c int[], s text);
CREATE INDEX ix_brin ON t USING brin (a) WITH (pages_per_range = 32);
CREATE INDEX ix_gist ON t USING gist (b) WITH (buffering = auto);
CREATE INDEX ix_gin ON t USING gin (c);
CREATE INDEX ix_bt ON t (a) INCLUDE (s) WITH (fillfactor = 50) WHERE (s <> ') WITH (x');
CREATE INDEX ix_plain ON t (s);
