package com.cloudstorage.files.storage.object;

/** The body is larger than the caller allowed. */
public class EntityTooLargeException extends ObjectStoreException {

	public EntityTooLargeException(String message) {
		super(message);
	}

	public EntityTooLargeException(String message, Throwable cause) {
		super(message, cause);
	}

}
