CREATE TABLE item (id int NOT NULL, name text);
CREATE TABLE item_archive (id int NOT NULL, name text, archived_on date);
INSERT INTO item VALUES (1, 'a'), (2, 'b');
INSERT INTO item_archive VALUES (3, 'c', '2024-01-01');
