CREATE TABLE t (id int, a int, b text);
CREATE VIEW v AS SELECT id, a, b FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT id, a FROM t;
GRANT SELECT (a, b) ON v TO schemainspect_test_role;
GRANT SELECT (a) ON mv TO schemainspect_test_role;
CREATE VIEW w AS SELECT id, a, b FROM t;
GRANT SELECT (a, b) ON w TO schemainspect_test_role;
GRANT SELECT (a) ON t TO schemainspect_test_role;
