CREATE TABLE old_parent (id int, a text, CONSTRAINT op_chk CHECK (a <> ''), CONSTRAINT shared_chk CHECK (id <> 13));
CREATE TABLE kid (id int, a text, own int) INHERITS (old_parent);
CREATE TABLE kid2 (id int, a text) INHERITS (old_parent);
ALTER TABLE kid2 ADD CONSTRAINT kid2_own CHECK (id < 1000);
