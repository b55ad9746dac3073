CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), code varchar(20));
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
COMMENT ON TABLE parent IS 'parents'; COMMENT ON COLUMN child.note IS 'free text';
COMMENT ON CONSTRAINT parent_pkey ON parent IS 'pk';
