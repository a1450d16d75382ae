package com.cloudstorage.files.contracts.events.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * storage-service read a file's object back (on {@link FileAssembled}) and computed its
 * SHA-256.
 *
 * @param id the file id (also the Kafka key and {@code ce_subject})
 * @param provider the storage profile name
 * @param bucket the bucket that was read
 * @param key the object key that was read
 * @param size how many bytes were read
 * @param sha256 lowercase hex SHA-256 of those bytes
 * @param hashedAt when the read ended
 */
public record StoredObjectHashed(UUID id, String provider, String bucket, String key, long size, String sha256,
		Instant hashedAt) {
}
