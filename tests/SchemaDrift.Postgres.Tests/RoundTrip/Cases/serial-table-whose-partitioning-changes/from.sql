CREATE TABLE readings (id serial, at date NOT NULL, value int);
