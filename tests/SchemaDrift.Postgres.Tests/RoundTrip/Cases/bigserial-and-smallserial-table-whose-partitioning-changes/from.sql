CREATE SCHEMA m;
CREATE TABLE m.metrics (id bigserial, code smallserial, at date NOT NULL, v int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE m.metrics_2024 PARTITION OF m.metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX metrics_v ON m.metrics (v);
