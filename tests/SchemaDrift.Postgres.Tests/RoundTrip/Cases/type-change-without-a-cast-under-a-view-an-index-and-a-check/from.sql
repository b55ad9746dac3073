CREATE TABLE stamps (id int PRIMARY KEY, at bigint NOT NULL DEFAULT 0 CHECK (at >= 0), tag text);
CREATE INDEX stamps_at ON stamps (at) WHERE at > 10;
CREATE VIEW recent_stamps AS SELECT id, at FROM stamps WHERE at > 100;
INSERT INTO stamps VALUES (1, 42, 'a');
