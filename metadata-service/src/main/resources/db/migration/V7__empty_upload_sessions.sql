-- An empty file through an upload session (a TUS Upload-Length: 0): no part at all. Size and part count are zero
-- together or not at all.
ALTER TABLE upload_session DROP CONSTRAINT upload_session_size_check;
ALTER TABLE upload_session DROP CONSTRAINT upload_session_part_count_check;
ALTER TABLE upload_session ADD CONSTRAINT upload_session_size_check CHECK (size >= 0);
ALTER TABLE upload_session ADD CONSTRAINT upload_session_part_count_check
    CHECK (part_count BETWEEN 0 AND 10000 AND (part_count = 0) = (size = 0));

-- One writer at a time (a TUS PATCH): the gateway replica writing a session holds a lease it renews while the body
-- streams; another request finds it held and is refused instead of writing the same parts.
ALTER TABLE upload_session ADD COLUMN writer uuid;
ALTER TABLE upload_session ADD COLUMN writer_until timestamptz;
