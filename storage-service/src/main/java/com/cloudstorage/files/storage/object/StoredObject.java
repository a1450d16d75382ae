package com.cloudstorage.files.storage.object;

/**
 * An object as written: where it is, how large, its SHA-256 (hex) and the provider's
 * ETag.
 */
public record StoredObject(String bucket, String key, long size, String sha256, String etag) {
}
