package com.cloudstorage.files.metadata.file;

import org.jspecify.annotations.Nullable;

/**
 * What a listing asks for; every filter is optional.
 *
 * @param subject the caller, whose own files are listed beside public ones
 * @param folder only files in this folder
 * @param attachedTo only files attached to this document
 * @param nameContains only files whose name contains this, ignoring case
 * @param after continue after this position
 * @param limit the page size
 */
public record FileQuery(String subject, @Nullable String folder, @Nullable DocumentRef attachedTo,
		@Nullable String nameContains, @Nullable FileCursor after, int limit) {
}
