CREATE TABLE t (a text, b int[], c text);
