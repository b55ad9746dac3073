CREATE SCHEMA m;
CREATE TABLE m.metrics (id bigserial, code smallserial, at date NOT NULL, v int, PRIMARY KEY (id, at)) PARTITION BY LIST (at);
CREATE TABLE m.metrics_a PARTITION OF m.metrics FOR VALUES IN ('2024-01-01');
CREATE INDEX metrics_v ON m.metrics (v);
