CREATE TABLE d (id int PRIMARY KEY, body text, tags text[], doc tsvector, name text);
CREATE INDEX d_tags ON d USING gin (tags) WITH (fastupdate = on, gin_pending_list_limit = 128);
CREATE INDEX d_name ON d (name);
CREATE INDEX d_doc ON d USING gist (doc) WITH (buffering = on);
ALTER TABLE d ADD CONSTRAINT d_name_key UNIQUE (name);
