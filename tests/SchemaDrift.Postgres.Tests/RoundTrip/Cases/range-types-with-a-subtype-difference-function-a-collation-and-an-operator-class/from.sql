CREATE SCHEMA app;
CREATE FUNCTION app.time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE app.timerange AS RANGE (subtype = time, subtype_diff = app.time_subtype_diff);
CREATE TYPE app.textrange AS RANGE (subtype = text, collation = "C", subtype_opclass = text_pattern_ops, multirange_type_name = app.textranges);
CREATE TABLE app.slots (id int, during app.timerange, names app.textrange);
