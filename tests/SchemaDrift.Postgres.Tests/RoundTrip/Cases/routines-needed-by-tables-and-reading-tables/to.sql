SET check_function_bodies = off;
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'c' || count(*) FROM items $$;
CREATE FUNCTION positive(n int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n > 0 $$;
CREATE FUNCTION lower_name(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE TABLE items (id int CHECK (positive(id)), code text DEFAULT next_code(), name text, doubled int GENERATED ALWAYS AS (id * 2) STORED);
CREATE INDEX items_lower ON items (lower_name(name));
CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql RETURN (SELECT count(*) FROM items);
CREATE VIEW counted AS SELECT item_count() AS n;
CREATE PROCEDURE clear_items() LANGUAGE sql AS $$ DELETE FROM items $$;
