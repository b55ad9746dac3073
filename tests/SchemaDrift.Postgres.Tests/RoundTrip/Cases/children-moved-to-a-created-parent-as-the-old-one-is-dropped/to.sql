CREATE TABLE base_b (id int NOT NULL, shared text, b int);
CREATE TABLE kid (a text, k int) INHERITS (base_b);
CREATE TABLE kid2 (a text) INHERITS (base_b);
