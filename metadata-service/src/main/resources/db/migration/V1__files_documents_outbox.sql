CREATE TABLE files (
    id           uuid PRIMARY KEY,
    name         text         NOT NULL,
    content_type varchar(255) NOT NULL,
    size         bigint,
    sha256       char(64),
    etag         varchar(255),
    private      boolean      NOT NULL,
    folder       text,
    owner        varchar(255) NOT NULL,
    provider     varchar(255) NOT NULL,
    bucket       varchar(255),
    object_key   text         NOT NULL,
    status       varchar(16)  NOT NULL CHECK (status IN ('PENDING', 'AVAILABLE', 'DELETED', 'FAILED', 'EXPIRED')),
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    deleted_by   varchar(255)
);

-- The listing: a caller's own files, and public files, newest first with the id as tie-breaker.
CREATE INDEX files_owner_listing_idx ON files (owner, created_at DESC, id DESC) WHERE status = 'AVAILABLE';
CREATE INDEX files_public_listing_idx ON files (created_at DESC, id DESC) WHERE status = 'AVAILABLE' AND NOT private;
-- The expiry sweeper.
CREATE INDEX files_pending_idx ON files (created_at) WHERE status = 'PENDING';

CREATE TABLE documents (
    doc_type   varchar(255) NOT NULL,
    doc_name   varchar(255) NOT NULL,
    status     varchar(16)  NOT NULL CHECK (status IN ('draft', 'submitted', 'cancelled')),
    updated_at timestamptz  NOT NULL,
    PRIMARY KEY (doc_type, doc_name)
);

CREATE TABLE file_attachments (
    file_id  uuid         NOT NULL REFERENCES files (id),
    doc_type varchar(255) NOT NULL,
    doc_name varchar(255) NOT NULL,
    PRIMARY KEY (file_id, doc_type, doc_name)
);

CREATE INDEX file_attachments_document_idx ON file_attachments (doc_type, doc_name);

CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    -- Insertion order: created_at alone ties inside one transaction.
    position     bigint GENERATED ALWAYS AS IDENTITY,
    aggregate_id uuid         NOT NULL,
    event_type   varchar(255) NOT NULL,
    payload      jsonb        NOT NULL,
    created_at   timestamptz  NOT NULL,
    published_at timestamptz
);

CREATE INDEX outbox_pending_idx ON outbox (position) WHERE published_at IS NULL;

CREATE TABLE processed_event (
    event_id     varchar(255) PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
