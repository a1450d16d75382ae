package com.cloudstorage.files.contracts.events.v1;

import java.util.UUID;

/**
 * A file was deleted; its bytes must leave the provider.
 *
 * @param id the file id
 * @param provider the storage profile name
 * @param bucket the bucket in that provider
 * @param key the object key whose versions must all be removed
 * @param deletedBy the subject that deleted it
 */
public record FileDeleted(UUID id, String provider, String bucket, String key, String deletedBy) {
}
