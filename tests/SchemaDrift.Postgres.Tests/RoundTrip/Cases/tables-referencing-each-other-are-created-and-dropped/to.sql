CREATE TABLE keep (id int);
CREATE TABLE org (id int PRIMARY KEY, owner_id int);
CREATE TABLE member (id int PRIMARY KEY, org_id int REFERENCES org);
ALTER TABLE org ADD CONSTRAINT org_owner_fkey FOREIGN KEY (owner_id) REFERENCES member NOT VALID;
COMMENT ON CONSTRAINT org_owner_fkey ON org IS 'the owner';
