CREATE TABLE t (k uuid NOT NULL, v text, CONSTRAINT t_pkey PRIMARY KEY (k) WITH (fillfactor = 90));
COMMENT ON INDEX t_pkey IS 'key index';
COMMENT ON CONSTRAINT t_pkey ON t IS 'key';
CREATE TABLE r (k uuid REFERENCES t);
