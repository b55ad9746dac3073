DO $$ BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE acct (id int PRIMARY KEY, name text, secret text);
GRANT SELECT ON acct TO sd_reader;
GRANT INSERT (name), REFERENCES (id) ON acct TO sd_writer;
