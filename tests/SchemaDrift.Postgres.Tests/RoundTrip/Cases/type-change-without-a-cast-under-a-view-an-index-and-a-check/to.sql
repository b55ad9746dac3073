CREATE TABLE stamps (id int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), tag text);
CREATE INDEX stamps_at ON stamps (at) WHERE at > '2020-01-01';
CREATE VIEW recent_stamps AS SELECT id, at FROM stamps WHERE at > '2024-01-01';
