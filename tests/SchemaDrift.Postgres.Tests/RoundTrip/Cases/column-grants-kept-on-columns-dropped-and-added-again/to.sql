CREATE TABLE t (id int, at timestamp, g int GENERATED ALWAYS AS (id * 3) STORED, v int);
GRANT SELECT (at, g) ON t TO schemainspect_test_role;
GRANT UPDATE (v) ON t TO schemainspect_test_role;
CREATE TABLE r (id int NOT NULL, code text) PARTITION BY RANGE (id);
CREATE TABLE r_1 PARTITION OF r FOR VALUES FROM (0) TO (100);
GRANT SELECT (code) ON r TO schemainspect_test_role;
