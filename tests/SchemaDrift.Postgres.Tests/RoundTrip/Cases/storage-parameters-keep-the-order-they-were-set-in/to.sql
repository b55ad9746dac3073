CREATE TABLE t (id int, a text, b text) WITH (autovacuum_enabled = true, fillfactor = 70, autovacuum_vacuum_scale_factor = 0.1);
CREATE TABLE t2 (id int, a text) WITH (fillfactor = 60, toast.autovacuum_vacuum_threshold = 7, toast.autovacuum_enabled = false);
CREATE INDEX t_a ON t (a) WITH (fillfactor = 60, deduplicate_items = off);
CREATE INDEX t_b ON t (b) WITH (deduplicate_items = on, fillfactor = 95);
ALTER TABLE t ALTER COLUMN b SET (n_distinct_inherited = 5, n_distinct = 20);
CREATE VIEW v WITH (check_option = cascaded, security_barrier = true) AS SELECT id FROM t;
CREATE TABLE p (id int, k int) PARTITION BY LIST (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1) WITH (autovacuum_enabled = false, fillfactor = 90);
CREATE TABLE n (id int) WITH (parallel_workers = 2, fillfactor = 50);
