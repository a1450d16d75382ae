package com.cloudstorage.files.storage.object;

import java.time.Instant;

/**
 * An object found by listing a bucket.
 *
 * @param key the object key
 * @param size its size in bytes
 * @param lastModified when it was last written
 */
public record ListedObject(String key, long size, Instant lastModified) {
}
