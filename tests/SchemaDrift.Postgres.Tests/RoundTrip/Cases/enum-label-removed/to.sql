CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE t (m mood DEFAULT 'sad', ms mood[]); CREATE VIEW v AS SELECT m FROM t;
