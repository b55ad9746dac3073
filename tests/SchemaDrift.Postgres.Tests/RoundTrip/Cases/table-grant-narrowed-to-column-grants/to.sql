DO $$ BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE acct (id int PRIMARY KEY, name text, secret text);
GRANT SELECT (id, name) ON acct TO sd_reader;
GRANT INSERT (name, secret), UPDATE (secret) ON acct TO sd_writer;
GRANT SELECT (secret) ON acct TO PUBLIC;
