package com.cloudstorage.files.metadata.file;

/** A file name breaks the rules of {@link FileNames}. */
public class InvalidFileNameException extends RuntimeException {

	public InvalidFileNameException(String message) {
		super(message);
	}

}
