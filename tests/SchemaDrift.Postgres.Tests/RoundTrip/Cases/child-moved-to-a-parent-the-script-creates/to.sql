CREATE TABLE old_parent (id int);
CREATE TABLE new_parent (id int, shared text, gone text);
CREATE TABLE kid (own int) INHERITS (new_parent);
