CREATE TYPE mood AS ENUM ('ok', 'happy');
CREATE TABLE people (id int PRIMARY KEY, mood mood NOT NULL DEFAULT 'ok', moods mood[], CHECK (mood <> 'happy'));
CREATE VIEW happy AS SELECT id FROM people WHERE mood = 'happy';
CREATE VIEW happy_count AS SELECT count(*) AS n FROM happy;
CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'happy' $$;
