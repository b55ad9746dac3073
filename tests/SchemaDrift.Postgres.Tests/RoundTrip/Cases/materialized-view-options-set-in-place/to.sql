CREATE TABLE t (id int);
CREATE MATERIALIZED VIEW mv WITH (autovacuum_enabled = false, fillfactor = 60) AS SELECT id FROM t;
CREATE INDEX mv_id ON mv (id);
