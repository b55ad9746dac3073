CREATE TABLE t (id int);
CREATE MATERIALIZED VIEW mv WITH (fillfactor = 70) AS SELECT id FROM t;
CREATE INDEX mv_id ON mv (id);
