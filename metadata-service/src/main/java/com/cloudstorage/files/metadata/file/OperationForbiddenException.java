package com.cloudstorage.files.metadata.file;

/** The caller may see the file but not change it (a public file of someone else). */
public class OperationForbiddenException extends RuntimeException {

	public OperationForbiddenException(String message) {
		super(message);
	}

}
