CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
CREATE SEQUENCE counter;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
GRANT SELECT, INSERT ON child TO schemainspect_test_role;
GRANT USAGE ON SEQUENCE counter TO schemainspect_test_role;
REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION f() TO schemainspect_test_role;
