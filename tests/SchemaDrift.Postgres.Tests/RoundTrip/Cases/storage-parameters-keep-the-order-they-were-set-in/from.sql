CREATE TABLE t (id int, a text, b text) WITH (fillfactor = 80, autovacuum_enabled = true);
CREATE TABLE t2 (id int, a text) WITH (toast.autovacuum_enabled = false, fillfactor = 60, toast.autovacuum_vacuum_threshold = 5);
CREATE INDEX t_a ON t (a) WITH (fillfactor = 50, deduplicate_items = off);
CREATE INDEX t_b ON t (b);
ALTER TABLE t ALTER COLUMN b SET (n_distinct = 10, n_distinct_inherited = 5);
CREATE VIEW v WITH (security_barrier = true, check_option = local) AS SELECT id FROM t;
CREATE TABLE p (id int, k int) PARTITION BY LIST (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1) WITH (fillfactor = 90, autovacuum_enabled = false);
