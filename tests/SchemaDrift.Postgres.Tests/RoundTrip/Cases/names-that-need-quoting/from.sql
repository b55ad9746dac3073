CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Order" ("Id" int PRIMARY KEY, "user" text, "select" int);
CREATE TYPE "Sales"."Status" AS ENUM ('a', 'it''s');
