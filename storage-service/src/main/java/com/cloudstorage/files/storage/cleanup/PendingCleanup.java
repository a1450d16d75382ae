package com.cloudstorage.files.storage.cleanup;

/**
 * A cleanup that failed for a retriable reason and waits in the durable retry table.
 *
 * @param eventId the CloudEvents id
 * @param eventType the CloudEvents type
 * @param provider the profile
 * @param key the object key (already checked to be of storage's form)
 * @param attempts durable attempts that failed so far
 * @param originalRecord the consumed record, opaque to this package, to dead-letter it as
 * it was
 */
public record PendingCleanup(String eventId, String eventType, String provider, String key, int attempts,
		String originalRecord) {
}
