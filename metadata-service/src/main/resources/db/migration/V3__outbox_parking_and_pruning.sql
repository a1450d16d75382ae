-- A row that keeps failing is parked after a number of attempts instead of blocking the rows behind it.
ALTER TABLE outbox
    ADD COLUMN attempts   integer      NOT NULL DEFAULT 0,
    ADD COLUMN parked_at  timestamptz,
    -- The kind of failure only (exception class), never a payload.
    ADD COLUMN last_error varchar(255);

DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (position) WHERE published_at IS NULL AND parked_at IS NULL;

-- Pruning after the retention period.
CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX processed_event_processed_at_idx ON processed_event (processed_at);
