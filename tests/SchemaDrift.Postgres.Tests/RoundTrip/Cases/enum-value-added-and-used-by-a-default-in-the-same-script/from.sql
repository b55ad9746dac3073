CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE jobs (id int, status status DEFAULT 'new');
