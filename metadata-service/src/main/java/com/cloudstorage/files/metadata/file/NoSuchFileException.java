package com.cloudstorage.files.metadata.file;

import java.util.UUID;

/**
 * The file is unknown, or the caller may not see it; both look the same, so nothing
 * leaks.
 */
public class NoSuchFileException extends RuntimeException {

	public NoSuchFileException(UUID id) {
		super("No file " + id + ".");
	}

	public NoSuchFileException(String message) {
		super(message);
	}

}
