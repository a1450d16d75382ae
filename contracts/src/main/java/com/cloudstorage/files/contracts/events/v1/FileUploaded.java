package com.cloudstorage.files.contracts.events.v1;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A file's bytes are all in the provider and the file is available.
 *
 * @param id the file id (also the Kafka key and {@code ce_subject})
 * @param name the user's file name (metadata only, never the object key)
 * @param size the size in bytes
 * @param contentType the media type given at upload
 * @param sha256 lowercase hex SHA-256 of the bytes, computed as they passed
 * @param privateFile whether only the owner (and admins) may read it; JSON name
 * {@code private}
 * @param folder the folder, or {@code null}
 * @param owner the subject that uploaded it
 * @param provider the storage profile name
 * @param bucket the bucket in that provider
 * @param key the opaque object key
 * @param attachments the documents the file is attached to
 */
public record FileUploaded(UUID id, String name, long size, String contentType, String sha256,
		@JsonProperty("private") boolean privateFile, String folder, String owner, String provider, String bucket,
		String key, List<Attachment> attachments) {
}
