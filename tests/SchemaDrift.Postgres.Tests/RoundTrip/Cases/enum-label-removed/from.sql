CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]); CREATE VIEW v AS SELECT m FROM t;
