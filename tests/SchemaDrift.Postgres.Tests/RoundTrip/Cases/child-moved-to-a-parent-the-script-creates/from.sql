CREATE TABLE old_parent (id int, shared text, gone text);
CREATE TABLE kid (own int) INHERITS (old_parent);
INSERT INTO kid VALUES (1, 'keep me', 'x', 7);
