CREATE TABLE things (id int PRIMARY KEY, born date DEFAULT current_date, addr inet, uid uuid, flag int DEFAULT 0);
CREATE INDEX things_born ON things (born);
INSERT INTO things VALUES (1, '2020-01-01', '10.0.0.1', gen_random_uuid(), 1);
