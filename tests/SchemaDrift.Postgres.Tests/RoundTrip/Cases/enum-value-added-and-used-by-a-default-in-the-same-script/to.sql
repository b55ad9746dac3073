CREATE TYPE status AS ENUM ('new', 'running', 'done', 'failed');
CREATE TABLE jobs (id int, status status DEFAULT 'running');
CREATE TABLE retries (id int, status status NOT NULL DEFAULT 'failed');
