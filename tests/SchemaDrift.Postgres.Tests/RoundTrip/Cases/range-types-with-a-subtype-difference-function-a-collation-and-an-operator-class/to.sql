CREATE SCHEMA app;
CREATE TYPE app.timerange AS RANGE (subtype = time);
COMMENT ON TYPE app.timerange IS 'times of day';
CREATE TABLE app.slots (id int, during app.timerange);
