CREATE TYPE pt AS (x int, w text, y int);
CREATE TYPE wrap AS (inner_pt pt, label text);
CREATE DOMAIN dw AS wrap;
CREATE TABLE b (id int, w dw);
