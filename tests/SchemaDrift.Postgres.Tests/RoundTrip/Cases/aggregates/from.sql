CREATE FUNCTION add_int(acc int, n int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT acc + n';
CREATE AGGREGATE total(int) (SFUNC = add_int, STYPE = int, INITCOND = '0');
CREATE AGGREGATE gone(int) (SFUNC = add_int, STYPE = int);
