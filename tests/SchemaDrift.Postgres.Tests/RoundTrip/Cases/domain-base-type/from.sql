CREATE DOMAIN code AS varchar(5) CHECK (VALUE <> '');
CREATE DOMAIN amount AS numeric(10,2);
CREATE TABLE t (c code, a amount);
