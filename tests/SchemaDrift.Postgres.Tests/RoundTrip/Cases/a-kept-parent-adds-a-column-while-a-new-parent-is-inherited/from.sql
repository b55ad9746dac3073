CREATE TABLE base (id int); CREATE TABLE other (id int); CREATE TABLE kid (x int) INHERITS (base);
