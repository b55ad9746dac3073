DO $$ BEGIN CREATE ROLE sd_owner_a; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sd_owner_b; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, note text);
CREATE SEQUENCE app.counter;
CREATE VIEW app.recent AS SELECT id FROM app.orders;
CREATE TYPE app.state AS ENUM ('new', 'done');
CREATE FUNCTION app.total() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.orders';
ALTER TABLE app.orders OWNER TO sd_owner_a;
