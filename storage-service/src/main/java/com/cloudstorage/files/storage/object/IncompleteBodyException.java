package com.cloudstorage.files.storage.object;

/** The body ended early: the client went away or sent less than it announced. */
public class IncompleteBodyException extends ObjectStoreException {

	public IncompleteBodyException(String message) {
		super(message);
	}

	public IncompleteBodyException(String message, Throwable cause) {
		super(message, cause);
	}

}
