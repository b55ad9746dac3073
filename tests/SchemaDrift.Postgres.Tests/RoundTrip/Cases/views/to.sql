CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), code varchar(20));
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
CREATE VIEW a AS SELECT name, id FROM parent; CREATE VIEW b AS SELECT id, 2 AS two FROM a; COMMENT ON VIEW b IS 'b'; COMMENT ON COLUMN b.two IS 'two';
