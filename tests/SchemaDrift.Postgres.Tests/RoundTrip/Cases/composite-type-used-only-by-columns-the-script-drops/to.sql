CREATE TYPE addr AS (street text, zip text, city varchar(40) COLLATE "C");
CREATE TYPE pt AS (x bigint, y int, z int);
CREATE TYPE seg AS (a pt, b pt, tags text[]);
CREATE TABLE a (id int, home addr, path seg[], spot pt);
CREATE TABLE b (l seg);
CREATE FUNCTION mk(p pt) RETURNS seg LANGUAGE sql AS $$ SELECT ROW(p, p, '{}'::text[])::seg $$;
COMMENT ON TYPE addr IS 'an address';
COMMENT ON COLUMN addr.zip IS 'postal code';
