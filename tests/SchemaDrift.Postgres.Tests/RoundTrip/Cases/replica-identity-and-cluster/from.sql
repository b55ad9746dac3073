CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz);
CREATE UNIQUE INDEX events_kind_at ON events (kind, at);
CREATE TABLE logs (id bigint PRIMARY KEY, line text);
ALTER TABLE logs REPLICA IDENTITY FULL;
ALTER TABLE logs CLUSTER ON logs_pkey;
CREATE TABLE plain (id int NOT NULL, code text NOT NULL);
CREATE UNIQUE INDEX plain_code ON plain (code);
