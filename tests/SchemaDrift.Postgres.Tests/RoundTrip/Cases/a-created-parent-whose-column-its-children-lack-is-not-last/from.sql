CREATE TABLE item (id int NOT NULL, name text);
INSERT INTO item VALUES (1, 'a');
