CREATE TABLE logs (id bigint GENERATED ALWAYS AS IDENTITY, seq serial, at date NOT NULL, msg text, PRIMARY KEY (id, at));
CREATE VIEW log_count AS SELECT count(*) FROM logs;
