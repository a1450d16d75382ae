-- Keys storage-service wrote bytes under, recorded before the first byte goes out. The reconciler never takes such
-- an object for an orphan while the catalogue view has not heard of its key yet: the FileUploaded (or
-- FileUploadExpired) event may still wait in metadata-service's outbox or in Kafka, for however long an outage lasts.
CREATE TABLE written_object (
    provider   TEXT NOT NULL,
    object_key TEXT NOT NULL,
    written_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, object_key)
);
