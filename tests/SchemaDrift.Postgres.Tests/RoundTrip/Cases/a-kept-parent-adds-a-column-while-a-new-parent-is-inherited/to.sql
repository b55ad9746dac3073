CREATE TABLE base (id int, label text); CREATE TABLE other (id int, extra text); CREATE TABLE kid (x int) INHERITS (base, other);
