-- Sharing links. The token itself is never stored in the clear: its SHA-256 for lookups, and an AES-GCM
-- ciphertext so it can be shown again to those allowed to share.
CREATE TABLE share_links (
    id               uuid PRIMARY KEY,
    file_id          uuid         NOT NULL REFERENCES files (id),
    token_hash       char(64)     NOT NULL UNIQUE,
    token_ciphertext text         NOT NULL,
    state            varchar(16)  NOT NULL CHECK (state IN ('ACTIVE', 'REVOKED')),
    created_by       varchar(255) NOT NULL,
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz,
    revoked_at       timestamptz
);

-- At most one live link per file: "Get Sharing Link" shows the same one again.
CREATE UNIQUE INDEX share_links_one_active_per_file ON share_links (file_id) WHERE state = 'ACTIVE';
