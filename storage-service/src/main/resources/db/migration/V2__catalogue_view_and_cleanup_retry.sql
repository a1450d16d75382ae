-- Storage's own view of which keys should hold bytes, built from files.v1 (FileUploaded → AVAILABLE,
-- FileDeleted / FileUploadExpired → GONE, which is final). The reconciler compares the bucket with it.
CREATE TABLE catalogue_entry (
    provider   TEXT NOT NULL,
    object_key TEXT NOT NULL,
    file_id    UUID NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('AVAILABLE', 'GONE')),
    changed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, object_key)
);
CREATE INDEX catalogue_entry_available ON catalogue_entry (provider, changed_at) WHERE state = 'AVAILABLE';

-- Cleanups that failed for a retriable reason (provider down); retried with backoff until they succeed, however
-- long that takes. original_record is the consumed Kafka record, kept to dead-letter it as it was.
CREATE TABLE cleanup_retry (
    event_id        TEXT PRIMARY KEY,
    event_type      TEXT NOT NULL,
    provider        TEXT NOT NULL,
    object_key      TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    parked_at       TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    original_record TEXT NOT NULL
);
CREATE INDEX cleanup_retry_due ON cleanup_retry (next_attempt_at);

-- Since when the view knows every available key: files uploaded before it began (events consumed before this
-- migration ran) are not in it, so the reconciler never removes objects older than this. Set it to '-infinity'
-- once the view was rebuilt from the start of files.v1.
CREATE TABLE catalogue_view (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    complete_since TIMESTAMPTZ NOT NULL
);
INSERT INTO catalogue_view (id, complete_since) VALUES (1, now());
