CREATE TABLE base_a (id int NOT NULL, shared text, note text DEFAULT 'none');
CREATE TABLE kid (k int) INHERITS (base_a);
CREATE TABLE kid2 () INHERITS (base_a);
INSERT INTO kid VALUES (1, 'keep me', 'n', 2);
INSERT INTO kid2 VALUES (3, 'me too', DEFAULT);
