CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), code varchar(20));
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t1 BEFORE UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t2 BEFORE INSERT ON parent FOR EACH ROW EXECUTE FUNCTION touch();
