CREATE DOMAIN code AS text CHECK (VALUE <> '');
CREATE DOMAIN amount AS numeric(10,2) DEFAULT 0 NOT NULL;
CREATE TABLE t (c code, a amount);
