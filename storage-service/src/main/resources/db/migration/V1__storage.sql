-- Open multipart uploads; a row outlives its upload only if the process died, and the sweeper aborts those.
CREATE TABLE upload_session (
    upload_id  TEXT PRIMARY KEY,
    provider   TEXT NOT NULL,
    bucket     TEXT NOT NULL,
    object_key TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX upload_session_started_at ON upload_session (started_at);
CREATE INDEX upload_session_key ON upload_session (provider, object_key);

-- CloudEvents ids the workers applied, so a redelivered event is skipped.
CREATE TABLE processed_event (
    event_id     TEXT PRIMARY KEY,
    event_type   TEXT NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);
