CREATE TABLE accounts (id int, email text, name text);
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id) WITH (fillfactor = 60);
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);
CREATE INDEX accounts_lower_name ON accounts (lower(name)) WITH (fillfactor = 50);
ALTER INDEX accounts_lower_name ALTER COLUMN 1 SET STATISTICS 500;
COMMENT ON INDEX accounts_pkey IS 'the key';
CREATE TABLE created (id int, code text);
ALTER TABLE created ADD CONSTRAINT created_pkey PRIMARY KEY (id) WITH (fillfactor = 50);
COMMENT ON INDEX created_pkey IS 'created with a comment';
