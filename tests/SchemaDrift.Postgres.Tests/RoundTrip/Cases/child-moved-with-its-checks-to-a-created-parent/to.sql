CREATE TABLE old_parent (id int NOT NULL);
CREATE TABLE new_parent (id int NOT NULL CONSTRAINT id_positive CHECK (id > 0), shared text, gone text);
CREATE TABLE kid (own int) INHERITS (new_parent);
