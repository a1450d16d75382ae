package com.cloudstorage.files.contracts.events.v1;

import java.util.UUID;

/**
 * A direct-mode upload session's parts were joined into the file's object (its size
 * checked) and the file is available, but no SHA-256 was announced and none is known yet:
 * storage-service reads the object back and publishes {@link StoredObjectHashed}, after
 * which metadata-service emits {@link FileUploaded} with it.
 *
 * @param id the file id (also the Kafka key and {@code ce_subject})
 * @param size the size in bytes
 * @param provider the storage profile name
 * @param bucket the bucket in that provider
 * @param key the opaque object key
 * @param name the user's file name, so that share links work before {@code FileUploaded};
 * absent from events written before it was added
 * @param contentType the media type given at upload; absent like {@code name}
 */
public record FileAssembled(UUID id, long size, String provider, String bucket, String key, String name,
		String contentType) {
}
