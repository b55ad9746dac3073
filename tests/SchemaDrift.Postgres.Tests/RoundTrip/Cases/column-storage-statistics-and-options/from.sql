CREATE TABLE docs (id int PRIMARY KEY, body text, title varchar(200), score numeric, tags text[]);
ALTER TABLE docs ALTER COLUMN title SET STATISTICS 400;
ALTER TABLE docs ALTER COLUMN tags SET STORAGE MAIN;
CREATE TABLE parent (id int, payload text) ;
CREATE TABLE child () INHERITS (parent);
