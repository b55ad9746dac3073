DO $$ BEGIN CREATE ROLE sd_owner_a; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sd_owner_b; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id serial PRIMARY KEY);
CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE TYPE pair AS (a int, b int);
CREATE TABLE part (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE part_1 PARTITION OF part FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
