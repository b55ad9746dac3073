DO $$ BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE people (id int PRIMARY KEY, name text, salary numeric);
GRANT SELECT (id, name) ON people TO sd_reader;
