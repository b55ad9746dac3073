CREATE TABLE measures (id int NOT NULL, at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measures_value ON measures (value);
CREATE UNIQUE INDEX measures_2025_id_at ON measures_2025 (id, at);
