CREATE TABLE t (a int[], b text, c varchar(20)[]);
INSERT INTO t VALUES ('{1,2}', '{3,4}', '{x}');
