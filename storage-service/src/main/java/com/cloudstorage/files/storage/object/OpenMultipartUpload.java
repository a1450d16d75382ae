package com.cloudstorage.files.storage.object;

import java.time.Instant;

/**
 * A multipart upload the provider still holds (neither completed nor aborted).
 *
 * @param key the key it writes
 * @param uploadId the provider's upload id
 * @param initiated when it was created
 */
public record OpenMultipartUpload(String key, String uploadId, Instant initiated) {
}
