CREATE TABLE new_parent (id int, a text, CONSTRAINT np_chk CHECK (id > 0), CONSTRAINT shared_chk CHECK (id <> 13));
CREATE TABLE kid (id int, a text, own int) INHERITS (new_parent);
CREATE TABLE kid2 (id int, a text) INHERITS (new_parent);
ALTER TABLE kid2 ADD CONSTRAINT kid2_own CHECK (id < 1000);
