CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), code varchar(20));
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
ALTER TABLE parent ENABLE ROW LEVEL SECURITY; ALTER TABLE parent FORCE ROW LEVEL SECURITY;
CREATE POLICY p1 ON parent FOR SELECT USING (price > 0);
CREATE POLICY p2 ON child AS RESTRICTIVE FOR UPDATE USING (note IS NOT NULL) WITH CHECK (note <> '');
