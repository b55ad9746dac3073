CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id int PRIMARY KEY, r floatrange, m floatmultirange, note text);
CREATE INDEX t_r ON t USING gist (r);
CREATE VIEW v AS SELECT id, r FROM t;
INSERT INTO t SELECT g, floatrange(g, g+1), floatmultirange(floatrange(g, g+1)), 'n' FROM generate_series(1,100) g;
COMMENT ON TYPE floatrange IS 'ranges of floats';
