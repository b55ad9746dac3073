CREATE TABLE t (id bigint PRIMARY KEY, code varchar(20) DEFAULT 'x', amount numeric(12,4), flag boolean DEFAULT false, n text COLLATE "C", m bigint, g int GENERATED ALWAYS AS (m * 2) STORED);
CREATE INDEX t_g ON t (g);
CREATE INDEX t_code ON t (code);
CREATE VIEW v AS SELECT id, code, amount FROM t;
CREATE VIEW w AS SELECT code FROM v;
