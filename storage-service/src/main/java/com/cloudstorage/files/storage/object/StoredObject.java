package com.cloudstorage.files.storage.object;

import org.jspecify.annotations.Nullable;

/**
 * An object as written: where it is, how large, its SHA-256 (hex; {@literal null} only
 * for a multipart upload completed with its checksum left for later) and the provider's
 * ETag.
 */
public record StoredObject(String bucket, String key, long size, @Nullable String sha256, String etag) {
}
