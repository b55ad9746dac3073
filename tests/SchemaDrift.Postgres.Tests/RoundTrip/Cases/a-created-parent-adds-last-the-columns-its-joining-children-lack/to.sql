CREATE TABLE item_base (id int NOT NULL, name text, revision int NOT NULL DEFAULT 1, note text COLLATE "C");
CREATE TABLE item (id int NOT NULL, name text) INHERITS (item_base);
CREATE TABLE item_archive (id int NOT NULL, name text, archived_on date) INHERITS (item_base);
