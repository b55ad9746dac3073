CREATE TABLE base (id int, name text);
CREATE FUNCTION label(i int) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT 'n' || i $$;
CREATE VIEW labelled AS SELECT id, label(id) AS l FROM base;
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n, max(id) AS top FROM base;
CREATE UNIQUE INDEX totals_n ON totals (n);
CREATE VIEW totals_view AS SELECT n FROM totals;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;
CREATE TRIGGER base_touch BEFORE INSERT OR UPDATE ON base FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE base DISABLE TRIGGER base_touch;
