CREATE TABLE t (id int PRIMARY KEY, code varchar(10) DEFAULT 'x', amount numeric(10,2), flag text DEFAULT '0', n int, m int, g int GENERATED ALWAYS AS (m * 2) STORED);
CREATE INDEX t_g ON t (g);
CREATE INDEX t_code ON t (code);
CREATE VIEW v AS SELECT id, code, amount FROM t;
CREATE VIEW w AS SELECT code FROM v;
