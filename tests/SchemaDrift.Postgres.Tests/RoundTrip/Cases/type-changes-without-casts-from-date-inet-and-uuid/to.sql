CREATE TABLE things (id int PRIMARY KEY, born integer DEFAULT 0, addr bigint, uid bigint, flag boolean DEFAULT false);
CREATE INDEX things_born ON things (born);
