CREATE TABLE d (id int PRIMARY KEY, body text, tags text[], doc tsvector, name text);
ALTER TABLE d ALTER COLUMN body SET STATISTICS 400;
ALTER TABLE d ALTER COLUMN body SET STORAGE MAIN;
CREATE INDEX d_tags ON d USING gin (tags) WITH (fastupdate = off);
CREATE INDEX d_name ON d (name) WITH (deduplicate_items = off);
CREATE INDEX d_doc ON d USING gist (doc) WITH (fillfactor = 70);
ALTER TABLE d ADD CONSTRAINT d_name_key UNIQUE (name);
COMMENT ON INDEX d_name_key IS 'unique names';
COMMENT ON INDEX d_pkey IS 'pk';
