CREATE TABLE parent (id bigint PRIMARY KEY, name varchar(100), price numeric(12,4) NOT NULL DEFAULT 0, added text DEFAULT 'x' NOT NULL);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text COLLATE "C");
COMMENT ON COLUMN parent.name IS 'the name';
