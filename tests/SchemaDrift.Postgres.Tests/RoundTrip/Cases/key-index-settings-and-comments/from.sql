CREATE TABLE accounts (id int, email text, name text);
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email) WITH (fillfactor = 80);
CREATE INDEX accounts_lower_name ON accounts (lower(name)) WITH (fillfactor = 70);
COMMENT ON INDEX accounts_email_key IS 'emails are unique';
