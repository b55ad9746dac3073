CREATE TABLE customers (id int PRIMARY KEY, email text UNIQUE);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), email text REFERENCES customers (email));
