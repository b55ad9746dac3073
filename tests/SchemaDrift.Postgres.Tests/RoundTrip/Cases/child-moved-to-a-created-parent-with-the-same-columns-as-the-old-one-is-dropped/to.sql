CREATE TABLE base_b (id int NOT NULL, shared text, note text DEFAULT 'none');
CREATE TABLE kid (k int) INHERITS (base_b);
CREATE TABLE kid2 () INHERITS (base_b);
