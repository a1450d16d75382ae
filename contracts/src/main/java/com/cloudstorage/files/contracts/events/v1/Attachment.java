package com.cloudstorage.files.contracts.events.v1;

/**
 * A document a file is attached to, named by the owning application.
 *
 * @param type the document type, e.g. {@code Sales Invoice}
 * @param name the document name, e.g. {@code INV-0001}
 */
public record Attachment(String type, String name) {
}
