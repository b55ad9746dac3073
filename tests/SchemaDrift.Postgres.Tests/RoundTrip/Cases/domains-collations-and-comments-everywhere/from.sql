CREATE COLLATION german (provider = icu, locale = 'de-DE');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE DOMAIN code AS varchar(5);
CREATE TABLE t (id positive, c code, name text COLLATE german);
CREATE VIEW v AS SELECT id FROM t;
