CREATE TYPE floatrange AS RANGE (subtype = numeric);
CREATE TABLE t (id int PRIMARY KEY, r floatrange, m floatmultirange, note text);
CREATE INDEX t_r ON t USING gist (r);
CREATE VIEW v AS SELECT id, r FROM t;
COMMENT ON TYPE floatrange IS 'ranges of numbers';
