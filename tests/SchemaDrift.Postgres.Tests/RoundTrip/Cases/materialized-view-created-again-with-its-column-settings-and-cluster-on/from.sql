CREATE TABLE t (id int, body text);
CREATE MATERIALIZED VIEW mv AS SELECT id, body FROM t;
CREATE INDEX mv_id ON mv (id);
CREATE INDEX mv_body ON mv (body);
