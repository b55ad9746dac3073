CREATE TABLE item_base (id int NOT NULL, flag boolean DEFAULT false, name text);
CREATE TABLE item (id int NOT NULL, name text) INHERITS (item_base);
