CREATE FUNCTION add_int(acc int, n int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT acc + n';
CREATE AGGREGATE total(int) (SFUNC = add_int, STYPE = int, INITCOND = '100');
CREATE AGGREGATE added(int) (SFUNC = add_int, STYPE = int, INITCOND = '1');
COMMENT ON AGGREGATE added(int) IS 'sums from one';
