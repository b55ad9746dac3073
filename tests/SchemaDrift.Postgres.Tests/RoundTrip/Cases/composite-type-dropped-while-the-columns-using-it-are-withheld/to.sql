CREATE TYPE pair AS (a int, b text COLLATE "C");
CREATE TABLE t (id int, ps pair[] DEFAULT ARRAY[ROW(1,'x')::pair], p pair DEFAULT ROW(2,'y'));
CREATE TABLE x (id int, p pair);
CREATE VIEW v AS SELECT (p).a FROM t;
