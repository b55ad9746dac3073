CREATE TABLE logs (id bigint GENERATED ALWAYS AS IDENTITY, seq serial, at date NOT NULL, msg text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO logs (at, msg) VALUES ('2024-05-01', 'x');
CREATE VIEW log_count AS SELECT count(*) FROM logs;
