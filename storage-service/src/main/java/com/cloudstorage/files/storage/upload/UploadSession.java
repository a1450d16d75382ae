package com.cloudstorage.files.storage.upload;

import java.time.Instant;

/** An open multipart upload. */
public record UploadSession(String uploadId, String provider, String bucket, String key, Instant startedAt) {
}
