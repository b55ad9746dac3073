CREATE TABLE old_parent (id int NOT NULL CONSTRAINT id_positive CHECK (id > 0), shared text, gone text);
CREATE TABLE kid (own int) INHERITS (old_parent);
INSERT INTO kid VALUES (1, 'keep me', 'x', 7);
