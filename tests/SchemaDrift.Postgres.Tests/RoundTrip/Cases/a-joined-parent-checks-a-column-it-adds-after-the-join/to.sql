CREATE TABLE base (id int, qty int NOT NULL DEFAULT 1 CONSTRAINT qty_positive CHECK (qty > 0));
ALTER TABLE ONLY base ALTER COLUMN qty SET STATISTICS 500;
COMMENT ON COLUMN base.qty IS 'how many';
CREATE INDEX base_qty ON base (qty);
CREATE TABLE kid (id int) INHERITS (base);
CREATE TABLE kid3 (note text) INHERITS (base);
CREATE TABLE other (id int, code text DEFAULT 'x' CONSTRAINT code_set CHECK (code <> ''));
CREATE TABLE kid2 (id int, label text) INHERITS (other);
