CREATE COLLATION german (provider = icu, locale = 'de-DE'); CREATE TABLE t (n text COLLATE german);
