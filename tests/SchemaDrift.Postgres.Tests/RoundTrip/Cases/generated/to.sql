CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED, c int);
