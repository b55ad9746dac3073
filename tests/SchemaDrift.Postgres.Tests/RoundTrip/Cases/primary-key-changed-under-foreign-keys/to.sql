CREATE TABLE customers (id int, email text, CONSTRAINT customers_pkey PRIMARY KEY (id) INCLUDE (email), CONSTRAINT customers_email_key UNIQUE (email, id));
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id) ON DELETE CASCADE, email text);
