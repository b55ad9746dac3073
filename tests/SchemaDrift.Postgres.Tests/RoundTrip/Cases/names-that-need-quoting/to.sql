CREATE SCHEMA "Sales";
CREATE TYPE "Sales"."Status" AS ENUM ('it''s', 'b');
CREATE TABLE "Sales"."Order" ("Id" bigint PRIMARY KEY, "user" varchar(20), "Status" "Sales"."Status" DEFAULT 'it''s');
CREATE INDEX "Order user" ON "Sales"."Order" ("user");
CREATE VIEW "Sales"."Big Orders" AS SELECT "Id" FROM "Sales"."Order" WHERE "Id" > 100;
COMMENT ON COLUMN "Sales"."Order"."user" IS 'who''s who';
