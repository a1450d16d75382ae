package com.cloudstorage.files.metadata.document;

/**
 * A document's status as last told.
 *
 * @param type the document type
 * @param name the document name
 * @param status its status
 */
public record Document(String type, String name, DocumentStatus status) {
}
