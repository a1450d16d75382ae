package com.cloudstorage.files.contracts.events.v1;

import java.util.UUID;

/**
 * An upload was reserved but never completed; any bytes under its key must be removed.
 *
 * @param id the file id that was reserved
 * @param provider the storage profile name
 * @param bucket the bucket in that provider, or {@code null} when no byte was ever
 * confirmed
 * @param key the object key reserved for it
 */
public record FileUploadExpired(UUID id, String provider, String bucket, String key) {
}
