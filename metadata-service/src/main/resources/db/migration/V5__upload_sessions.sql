-- Upload sessions (issue #11): a file reserved PENDING whose bytes arrive part by part, through the gateway or
-- straight to the provider with presigned part URLs. The session says what the parts must add up to; storage-service
-- holds the provider's multipart upload itself (keyed by the file's object key).
CREATE TABLE upload_session (
    id          uuid PRIMARY KEY,
    file_id     uuid        NOT NULL UNIQUE REFERENCES files (id),
    owner       text        NOT NULL,
    provider    text        NOT NULL,
    object_key  text        NOT NULL,
    mode        text        NOT NULL,
    size        bigint      NOT NULL CHECK (size > 0),
    part_size   bigint      NOT NULL CHECK (part_size > 0),
    part_count  integer     NOT NULL CHECK (part_count BETWEEN 1 AND 10000),
    sha256      char(64),
    state       text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- The sweeper's question: which open sessions have expired?
CREATE INDEX upload_session_open_expiry ON upload_session (expires_at) WHERE state = 'OPEN';
