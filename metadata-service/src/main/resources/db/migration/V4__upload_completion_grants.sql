-- A reservation's completion grant (SHA-256 of a random secret handed to the gateway), so that completing or
-- aborting a long upload does not depend on the caller's access token still being valid.
ALTER TABLE files ADD COLUMN completion_grant_hash char(64);
