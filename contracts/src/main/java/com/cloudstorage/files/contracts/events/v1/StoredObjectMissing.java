package com.cloudstorage.files.contracts.events.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * storage-service's reconciler found an available file whose bytes are not in its bucket.
 * Published again by every reconciliation that still finds it so, until the file is
 * deleted or its bytes are back.
 *
 * @param id the file id (also the Kafka key and {@code ce_subject})
 * @param provider the storage profile name
 * @param bucket the bucket that was listed
 * @param key the object key that holds no bytes
 * @param checkedAt when the bucket listing that did not hold the key began
 */
public record StoredObjectMissing(UUID id, String provider, String bucket, String key, Instant checkedAt) {
}
