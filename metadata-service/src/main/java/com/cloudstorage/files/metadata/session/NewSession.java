package com.cloudstorage.files.metadata.session;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.metadata.file.NewUpload;

/**
 * A request to open a session: the plain upload's fields plus what the parts will add up
 * to.
 *
 * @param upload name, content type, private, folder, attachments, as for a plain upload
 * @param size the total in bytes, at least 1
 * @param sha256 the SHA-256 the assembled object must have, or {@literal null}
 * @param mode {@code direct} or {@code proxied}
 */
public record NewSession(NewUpload upload, @Nullable Long size, @Nullable String sha256, @Nullable String mode) {
}
