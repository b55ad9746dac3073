CREATE TABLE kid (id int);
CREATE TABLE other (id int);
CREATE TABLE kid2 (id int, label text);
CREATE TABLE old_base (id int, legacy text);
CREATE TABLE kid3 (note text) INHERITS (old_base);
INSERT INTO kid VALUES (1);
INSERT INTO kid2 VALUES (2, 'x');
INSERT INTO kid3 VALUES (3, 'y', 'z');
