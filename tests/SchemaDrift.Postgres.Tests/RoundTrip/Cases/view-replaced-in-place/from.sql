CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), code varchar(20));
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
CREATE VIEW a AS SELECT id FROM parent;
