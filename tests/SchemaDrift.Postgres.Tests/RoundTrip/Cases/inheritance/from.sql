CREATE TABLE base (id int); CREATE TABLE kid (x int) INHERITS (base); CREATE TABLE other (id int);
