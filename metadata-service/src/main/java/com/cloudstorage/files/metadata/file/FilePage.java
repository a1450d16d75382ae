package com.cloudstorage.files.metadata.file;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param items the files, newest first
 * @param next where the next page starts, or {@literal null} on the last page
 */
public record FilePage(List<StoredFile> items, @Nullable FileCursor next) {
}
