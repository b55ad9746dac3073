CREATE TABLE t (id int, at bigint, g int GENERATED ALWAYS AS (id * 2) STORED, v int);
GRANT SELECT (at, g) ON t TO schemainspect_test_role;
GRANT UPDATE (v) ON t TO schemainspect_test_role;
INSERT INTO t (id, at, v) VALUES (1, 5, 1);
CREATE TABLE r (id int NOT NULL, code text);
GRANT SELECT (code) ON r TO schemainspect_test_role;
