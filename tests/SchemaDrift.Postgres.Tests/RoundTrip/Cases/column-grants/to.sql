DO $$ BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE people (id int PRIMARY KEY, name text, salary numeric);
GRANT SELECT (id) ON people TO sd_reader;
GRANT UPDATE (name) ON people TO sd_reader WITH GRANT OPTION;
CREATE VIEW names AS SELECT id, name FROM people;
GRANT SELECT (name) ON names TO sd_reader;
