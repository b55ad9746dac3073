CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL UNIQUE, price numeric(10,2) CHECK (price >= 0), code varchar(20));
CREATE TABLE child (id bigint, parent_id bigint REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, note text,
                    CONSTRAINT child_pk PRIMARY KEY (id), EXCLUDE USING btree (note WITH =));
ALTER TABLE child ADD CONSTRAINT note_len CHECK (length(note) < 100) NOT VALID;
COMMENT ON CONSTRAINT child_pk ON child IS 'key';
