package com.cloudstorage.files.metadata.file;

import java.util.List;

/** A delete refused because submitted documents still rely on the file. */
public class FileAttachedToSubmittedDocumentException extends RuntimeException {

	private final List<DocumentRef> documents;

	public FileAttachedToSubmittedDocumentException(String message, List<DocumentRef> documents) {
		super(message);
		this.documents = List.copyOf(documents);
	}

	public List<DocumentRef> documents() {
		return this.documents;
	}

}
