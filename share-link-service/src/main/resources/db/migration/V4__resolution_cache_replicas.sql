-- Replicas that serve resolutions from memory. Each row says: this replica serves nothing from memory that the
-- projection showed before validated_as_of (the database clock), and nothing at all once lease_ms has passed
-- since then without a newer row. The link-change wait reads it to know when every replica has seen a change.
CREATE TABLE resolution_cache_replica (
    replica_id      UUID        PRIMARY KEY,
    validated_as_of TIMESTAMPTZ NOT NULL,
    lease_ms        INTEGER     NOT NULL
);
