package com.cloudstorage.files.metadata.file;

/** The file is not attached to the named document. */
public class AttachmentNotFoundException extends RuntimeException {

	public AttachmentNotFoundException(String message) {
		super(message);
	}

}
