package com.cloudstorage.files.metadata.file;

/**
 * A document of the owning application, named by type and name.
 *
 * @param type e.g. {@code Sales Invoice}
 * @param name e.g. {@code INV-1}
 */
public record DocumentRef(String type, String name) {
}
