CREATE SCHEMA geo;
CREATE TYPE geo.kind AS ENUM ('home', 'work');
CREATE TYPE geo.point2 AS (x float8, y float8);
CREATE TYPE geo.place AS (label text, at geo.point2, kind geo.kind);
CREATE DOMAIN geo.places AS geo.place[];
CREATE TABLE keep (id int, where_ geo.place, many geo.places);
CREATE TABLE geo.visits (id int PRIMARY KEY, p geo.place NOT NULL, hist geo.place[]);
CREATE VIEW geo.labels AS SELECT (p).label FROM geo.visits;
