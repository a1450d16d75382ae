package com.cloudstorage.files.metadata.file;

import org.jspecify.annotations.Nullable;

/**
 * A document a file is attached to, with the document's status when it is known.
 *
 * @param type the document type
 * @param name the document name
 * @param documentStatus {@code draft}, {@code submitted}, {@code cancelled}, or
 * {@literal null} when never told
 */
public record FileAttachment(String type, String name, @Nullable String documentStatus) {
}
