-- The projection share-link-service resolves from; built only from files.v1 events.
CREATE TABLE file_object (
    file_id      UUID PRIMARY KEY,
    provider     VARCHAR(100),
    bucket       VARCHAR(255),
    object_key   VARCHAR(1024),
    name         VARCHAR(1024),
    content_type VARCHAR(255),
    -- Once true it never goes back: a late FileUploaded must not revive a deleted file.
    deleted      BOOLEAN      NOT NULL DEFAULT false,
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE share_link (
    link_id    UUID PRIMARY KEY,
    file_id    UUID         NOT NULL,
    -- NULL for a tombstone: a revocation that arrived before its creation.
    token_hash CHAR(64),
    state      VARCHAR(16)  NOT NULL CHECK (state IN ('ACTIVE', 'REVOKED')),
    expires_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX share_link_token_hash ON share_link (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX share_link_file ON share_link (file_id);
