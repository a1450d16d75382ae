package com.cloudstorage.files.metadata.file;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What storage reported once all bytes were stored, plus fields that arrived after the
 * file part of a multipart upload (they override the reservation when given).
 */
public record Completion(@Nullable String bucket, @Nullable Long size, @Nullable String sha256, @Nullable String etag,
		@Nullable Boolean privateFile, @Nullable String folder, @Nullable List<DocumentRef> attachments) {
}
