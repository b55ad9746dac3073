CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), code varchar(20));
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
CREATE INDEX parent_name ON parent (lower(name)) WHERE price > 0;
CREATE INDEX child_parent ON child (parent_id DESC) INCLUDE (note);
CREATE UNIQUE INDEX parent_code ON parent (code) NULLS NOT DISTINCT;
COMMENT ON INDEX child_parent IS 'lookup';
