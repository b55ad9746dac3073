DO $$ BEGIN CREATE ROLE schemadrift_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE m (id int, d date NOT NULL) PARTITION BY RANGE (d);
CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE m_2021 (id int, d date NOT NULL);
CREATE TABLE regular (id int, d date) WITH (fillfactor = 70);
CREATE TABLE parent (a int);
CREATE TABLE child (b int) INHERITS (parent);
CREATE TABLE secrets (owner text);
CREATE POLICY own ON secrets FOR SELECT USING (owner = current_user);
