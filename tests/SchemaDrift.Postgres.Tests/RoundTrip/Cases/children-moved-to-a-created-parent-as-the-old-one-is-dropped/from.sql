CREATE TABLE base_a (id int NOT NULL, a text, shared text);
CREATE TABLE kid (k int) INHERITS (base_a);
CREATE TABLE kid2 () INHERITS (base_a);
INSERT INTO kid VALUES (1, 'a', 's', 2);
