CREATE TYPE addr AS (street text, zip int);
CREATE TABLE a (id int, home addr);
CREATE TYPE pt AS (x int, y int);
