DO $$ BEGIN CREATE ROLE sd_owner_a; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id int, note text, secret text);
ALTER TABLE t OWNER TO sd_owner_a;
GRANT SELECT (note), UPDATE (note) ON t TO sd_owner_a;
GRANT SELECT (id) ON t TO schemainspect_test_role;
