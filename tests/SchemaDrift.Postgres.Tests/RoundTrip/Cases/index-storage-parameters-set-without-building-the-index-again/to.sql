CREATE TABLE t (a int, b int4range, c int[], s text);
CREATE INDEX ix_brin ON t USING brin (a) WITH (pages_per_range = 64, autosummarize = on);
CREATE INDEX ix_gist ON t USING gist (b) WITH (fillfactor = 80, buffering = on);
CREATE INDEX ix_gin ON t USING gin (c) WITH (fastupdate = off);
CREATE INDEX ix_bt ON t (a) INCLUDE (s) WITH (deduplicate_items = off, fillfactor = 60) WHERE (s <> ') WITH (x');
CREATE INDEX ix_plain ON t (s) WITH (fillfactor = 90);
