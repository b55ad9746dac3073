CREATE TYPE pt AS (x int, y int, z int);
CREATE TABLE a (id int, p pt);
CREATE TYPE wrap AS (inner_pt pt, label text);
CREATE TABLE b (id int, w wrap[]);
