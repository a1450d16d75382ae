package com.cloudstorage.files.metadata.file;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A reservation request from the gateway, before any byte is stored.
 *
 * @param name the user's file name
 * @param contentType the media type, {@code application/octet-stream} when absent
 * @param privateFile whether only the owner may read it; private when absent
 * @param folder the folder, or {@literal null}
 * @param attachments documents to attach, or {@literal null}
 */
public record NewUpload(@Nullable String name, @Nullable String contentType, @Nullable Boolean privateFile,
		@Nullable String folder, @Nullable List<DocumentRef> attachments) {
}
