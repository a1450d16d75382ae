package com.cloudstorage.files.contracts.events.v1;

/**
 * The owning application changed a document's status; published on {@code documents.v1}.
 *
 * @param type the document type
 * @param name the document name
 * @param status {@code draft}, {@code submitted} or {@code cancelled}
 */
public record DocumentStatusChanged(String type, String name, String status) {
}
